package io.portcullis.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while a token request is in flight: the service waits for it (quarkus.shutdown.timeout)
 * and answers it before it exits, and its console speaks JSON when
 * QUARKUS_LOG_CONSOLE_JSON_ENABLED is set.
 */
class GracefulShutdownIT {

    private static final String ENVIRONMENT_ID = "6f1a0c7e-55a4-4f0e-9d39-1b7e4c2a9b10";
    private static final String CLIENT_ID = "0b3f5e2d-8c1a-4e6b-a7d9-2c4e6f8a1b3c";
    private static final String SECRET = "g".repeat(64);

    @Test
    void inFlightTokenRequestIsAnsweredAfterSigterm() throws Exception {
        try (PackagedApplication app = new PackagedApplication(Map.of(
                "PORTCULLIS_BOOTSTRAP_ENVIRONMENT_ID", ENVIRONMENT_ID,
                "PORTCULLIS_BOOTSTRAP_CLIENT_ID", CLIENT_ID,
                "PORTCULLIS_BOOTSTRAP_CLIENT_SECRET", SECRET))) {
            int port = app.awaitPort();
            byte[] body = "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII);
            String head = "POST /" + ENVIRONMENT_ID + "/as/token HTTP/1.1\r\n"
                    + "Host: localhost\r\n"
                    + "Connection: close\r\n"
                    + "Expect: 100-continue\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n"
                    + "Authorization: Basic " + Base64.getEncoder().encodeToString(
                            (CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8)) + "\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";

            try (Socket inFlight = new Socket("127.0.0.1", port)) {
                OutputStream out = inFlight.getOutputStream();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // RFC 9110 §10.1.1: the interim 100 says the server has taken the request in hand.
                assertThat(readLine(inFlight.getInputStream())).isEqualTo("HTTP/1.1 100 Continue");
                assertThat(readLine(inFlight.getInputStream())).isEmpty();

                app.terminate();
                app.awaitOutput("Waiting for HTTP requests to complete");

                out.write(body);
                out.flush();
                String response = readAll(inFlight.getInputStream());
                assertThat(response).startsWith("HTTP/1.1 200").contains("\"access_token\"");
            }
            assertThat(app.awaitExit(60)).as("the process exits after the in-flight request").isTrue();

            List<JsonNode> lines = app.jsonLines();
            assertThat(lines).isNotEmpty().allSatisfy(line -> {
                assertThat(line.has("level")).isTrue();
                assertThat(line.has("message")).isTrue();
            });
            assertThat(app.output()).doesNotContain(SECRET);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
