package io.portcullis.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The start-up check of the Java version, as a plain rule (StartRefusalIT runs it on a real older Java). */
class JavaVersionCheckTest {

    @Test
    void olderJavaIsRefusedWithWhatToDo() {
        assertThat(JavaVersionCheck.problem(17, "/usr/lib/jvm/java-17"))
                .contains("needs Java 25 or newer").contains("Java 17").contains("/usr/lib/jvm/java-17").contains("JAVA_HOME");
        assertThat(JavaVersionCheck.problem(24, "/opt/jdk-24")).isNotNull();
    }

    @Test
    void java25AndNewerPass() {
        assertThat(JavaVersionCheck.problem(25, "/opt/jdk-25")).isNull();
        assertThat(JavaVersionCheck.problem(26, "/opt/jdk-26")).isNull();
    }

    @Test
    void theClassItselfLoadsOnJava17() throws Exception {
        try (var in = JavaVersionCheck.class.getResourceAsStream("JavaVersionCheck.class")) {
            byte[] head = in.readNBytes(8);
            int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
            assertThat(major).as("class file major version (61 = Java 17)").isEqualTo(61);
        }
    }
}
