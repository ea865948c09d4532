package io.portcullis.token;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link BootstrapTokenTest} against the packaged application: the JVM jar, or the native executable with -Dnative. */
@QuarkusIntegrationTest
class BootstrapTokenIT extends BootstrapTokenTest {}
