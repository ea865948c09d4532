package io.portcullis.config;

import io.quarkus.runtime.annotations.StaticInitSafe;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Stops a start on a Java older than 25 with a message that says so. Compiled for Java 17 (the
 * oldest Java the Quarkus launcher runs on; see pom.xml) and run as the first configuration
 * customizer, before any class compiled for 25 is loaded: otherwise the launcher fails on the
 * first such class and reports it through a logger that has no handler yet, so
 * {@code java -jar quarkus-run.jar} would exit 1 without a word.
 */
@StaticInitSafe
public class JavaVersionCheck implements SmallRyeConfigBuilderCustomizer {

    static final int REQUIRED = 25;

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        String problem = problem(Runtime.version().feature(), System.getProperty("java.home"));
        if (problem != null) {
            System.err.println(problem);
            System.err.flush();
            throw new IllegalStateException(problem);
        }
    }

    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    /** The message for a runtime of this feature version, or null when it is new enough. */
    static String problem(int feature, String javaHome) {
        if (feature >= REQUIRED) {
            return null;
        }
        return "Portcullis needs Java " + REQUIRED + " or newer, but runs on Java " + feature + " (" + javaHome + "). "
                + "Run it with a JDK " + REQUIRED + ": $JAVA_HOME/bin/java -jar target/quarkus-app/quarkus-run.jar "
                + "with JAVA_HOME pointing at a JDK " + REQUIRED + " (check with: java -version).";
    }
}
