import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How long a change made through the management API on one replica takes to be served by another:
 * per round, an application is created and granted on replica A, then disabled, then given a new
 * secret, and after each write replica B's token endpoint is asked, as fast as it answers, until it
 * answers accordingly (200, then 401 for the disabled application, then 401 for the old secret).
 * Prints each kind's median, 90th percentile and maximum.
 *
 * <p>Run by bench/propagation with the packaged service's jars on the class path.
 */
public class Propagation {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final long GIVE_UP_NANOS = Duration.ofSeconds(30).toNanos();

    private final String a;
    private final String b;
    private final String token;

    Propagation(String a, String b, String token) {
        this.a = a;
        this.b = b;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String a = o.get("replica-a");
        int rounds = Integer.parseInt(o.getOrDefault("rounds", "20"));
        String token = adminToken(a, o.get("bootstrap-environment"), o.get("client-id"), o.get("client-secret"));
        Propagation p = new Propagation(a, o.get("replica-b"), token);

        String env = p.create("/v1/environments", Map.of("name", "propagation-" + UUID.randomUUID()));
        String envPath = "/v1/environments/" + env;
        String resource = p.create(envPath + "/resources",
                Map.of("name", "propagation-api", "type", "CUSTOM", "audience", "https://propagation.example"));
        String scope = p.create(envPath + "/resources/" + resource + "/scopes", Map.of("name", "read"));

        Map<String, List<Long>> lags = new LinkedHashMap<>();
        for (String kind : List.of("created and granted", "disabled", "secret rotated")) {
            lags.put(kind, new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            Map<String, Object> app = new LinkedHashMap<>(Map.of("name", "propagation-app-" + round, "enabled", true,
                    "type", "WORKER", "protocol", "OPENID_CONNECT", "grantTypes", List.of("CLIENT_CREDENTIALS"),
                    "tokenEndpointAuthMethod", "CLIENT_SECRET_BASIC"));
            String appId = p.create(envPath + "/applications", app);
            String appPath = envPath + "/applications/" + appId;
            String secret = p.send("GET", a, appPath + "/secret", null).get("secret").asText();
            p.send("POST", a, appPath + "/grants",
                    Map.of("resource", Map.of("id", resource), "scopes", List.of(Map.of("id", scope))));
            long written = System.nanoTime();
            lags.get("created and granted").add(p.awaitOnB(env, appId, secret, 200) - written);

            app.put("enabled", false);
            p.send("PUT", a, appPath, app);
            written = System.nanoTime();
            lags.get("disabled").add(p.awaitOnB(env, appId, secret, 401) - written);

            app.put("enabled", true);
            p.send("PUT", a, appPath, app);
            // B must serve the enabled application again first, or a 401 below could be the old state.
            p.awaitOnB(env, appId, secret, 200);
            String rotated = p.send("POST", a, appPath + "/secret", null).get("secret").asText();
            written = System.nanoTime();
            lags.get("secret rotated").add(p.awaitOnB(env, appId, secret, 401) - written);
            p.awaitOnB(env, appId, rotated, 200);
        }

        System.out.printf("%-22s %6s %9s %9s %9s%n", "change on A, seen on B", "rounds", "p50 ms", "p90 ms", "max ms");
        double worst = 0;
        for (var entry : lags.entrySet()) {
            List<Double> ms = entry.getValue().stream().map(n -> n / 1e6).sorted().toList();
            worst = Math.max(worst, ms.getLast());
            System.out.printf("%-22s %6d %9.1f %9.1f %9.1f%n", entry.getKey(), ms.size(), percentile(ms, 50),
                    percentile(ms, 90), ms.getLast());
        }
        System.out.printf("RESULT worst_ms=%.1f%n", worst);
    }

    /** Asks B for a token until it answers {@code status}; returns System.nanoTime() of that answer. */
    private long awaitOnB(String env, String clientId, String secret, int status) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(b + "/" + env + "/as/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        long started = System.nanoTime();
        while (true) {
            int answered = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            long now = System.nanoTime();
            if (answered == status) {
                return now;
            }
            if (now - started > GIVE_UP_NANOS) {
                throw new IllegalStateException("replica B still answers " + answered + " after 30 s; expected " + status);
            }
        }
    }

    private String create(String path, Object body) throws Exception {
        return send("POST", a, path, body).get("id").asText();
    }

    private JsonNode send(String method, String base, String path, Object body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static String adminToken(String base, String environment, String clientId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/" + environment + "/as/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("bootstrap token request failed: " + response.statusCode());
        }
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
