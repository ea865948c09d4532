package io.portcullis.operations;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link OperationsTest} against the packaged application: the JVM jar, or the native executable with -Dnative. */
@QuarkusIntegrationTest
class OperationsIT extends OperationsTest {}
