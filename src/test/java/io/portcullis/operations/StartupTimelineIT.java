package io.portcullis.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged application on an empty database logs where its start went (the lines
 * bench/startup reads), and the warm-up, not a request, loads the signing provider and the
 * administrators' environment.
 */
class StartupTimelineIT {

    @Test
    void startPhasesAreLoggedAndTheWarmUpLoadsWhatTheFirstTokenNeeds() throws Exception {
        try (PackagedApplication app = new PackagedApplication(Map.of())) {
            app.awaitPort();
            app.awaitOutput("Warm-up: ");
            List<JsonNode> lines = app.jsonLines();

            assertThat(line(lines, "Start-up: ").get("message").asText())
                    .containsPattern("flyway \\d+ ms")
                    .containsPattern("hibernate \\d+ ms")
                    .containsPattern("bootstrap \\d+ ms")
                    .containsPattern("signing key generation \\d+ ms");
            assertThat(line(lines, "Warm-up: ").get("message").asText())
                    .containsPattern("signing provider \\d+ ms")
                    .containsPattern("queries \\d+ ms")
                    .containsPattern("directory \\d+ ms")
                    .containsPattern("signing keys \\d+ ms");
            assertThat(lines).noneMatch(line -> line.path("message").asText().startsWith("Warm-up stopped early"));
            // No request has been made: the provider was loaded by the warm-up thread.
            assertThat(line(lines, "Signing provider: ").get("threadName").asText()).isEqualTo("portcullis-warm-up");
        }
    }

    private static JsonNode line(List<JsonNode> lines, String prefix) {
        return lines.stream()
                .filter(line -> line.path("message").asText().startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no log line starting with '" + prefix + "' in " + lines));
    }
}
