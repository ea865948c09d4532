import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portcullis.crypto.MasterKey;
import io.portcullis.crypto.SecretDigest;
import io.portcullis.crypto.SecretGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Creates the benchmark's data in a running Portcullis: per signing algorithm (RS256, ES256) one
 * environment with one resource, two scopes and N applications granted both scopes, half of them
 * client_secret_basic and half client_secret_post. Writes, per algorithm, {@code <alg>.env} (the
 * environment id) and {@code <alg>.creds} (one line per application: client id, secret, method,
 * Basic credentials in base64, then a wrong secret of the same length and its Basic credentials).
 *
 * <p>The data goes through the management API ({@code /v1}) with the bootstrap worker's token.
 * Where that API is not available, it is written to PostgreSQL directly (secrets and private keys
 * sealed under the master key, exactly as the service stores them) and announced with
 * {@code pg_notify}, the way a change made by another replica reaches this one.
 *
 * <p>Run by bench/run with the packaged service's jars on the class path:
 * {@code java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' bench/BenchData.java ...}
 */
public class BenchData {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ALGORITHMS = {"RS256", "ES256"};

    record Options(String baseUrl, UUID bootstrapEnvironment, String clientId, String clientSecret, int apps, Path out,
            String jdbcUrl, String jdbcUser, String jdbcPassword, String masterKey, String via) {}

    record App(UUID id, String secret, String method) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Options o = new Options(a.get("base-url"), UUID.fromString(a.get("bootstrap-environment")), a.get("client-id"),
                a.get("client-secret"), Integer.parseInt(a.getOrDefault("apps", "1000")), Path.of(a.get("out")),
                a.get("jdbc-url"), a.getOrDefault("jdbc-user", "postgres"), a.getOrDefault("jdbc-password", ""),
                a.get("master-key"), a.getOrDefault("via", "auto"));
        Files.createDirectories(o.out());
        Api api = new Api(o);
        boolean useApi = switch (o.via()) {
            case "api" -> true;
            case "jdbc" -> false;
            default -> api.available();
        };
        System.out.println("bench data: " + o.apps() + " applications per environment, through "
                + (useApi ? "the management API (/v1)" : "JDBC (the management API is not available)"));
        for (String alg : ALGORITHMS) {
            long started = System.nanoTime();
            Map.Entry<UUID, List<App>> created = useApi ? api.create(alg, o.apps()) : new Jdbc(o).create(alg, o.apps());
            write(o.out(), alg, created.getKey(), created.getValue());
            System.out.printf("  %s: environment %s, %d applications (%.1f s)%n", alg, created.getKey(),
                    created.getValue().size(), (System.nanoTime() - started) / 1e9);
        }
        api.close();
    }

    static void write(Path out, String alg, UUID environmentId, List<App> apps) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (App app : apps) {
            String pair = URLEncoder.encode(app.id().toString(), StandardCharsets.UTF_8) + ":"
                    + URLEncoder.encode(app.secret(), StandardCharsets.UTF_8);
            // A wrong secret of the same length: the last character changed.
            String wrong = app.secret().substring(0, app.secret().length() - 1)
                    + (app.secret().endsWith("A") ? "B" : "A");
            String wrongPair = URLEncoder.encode(app.id().toString(), StandardCharsets.UTF_8) + ":" + wrong;
            lines.append(app.id()).append(' ').append(app.secret()).append(' ').append(app.method()).append(' ')
                    .append(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))).append(' ')
                    .append(wrong).append(' ')
                    .append(Base64.getEncoder().encodeToString(wrongPair.getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        Files.writeString(out.resolve(alg + ".creds"), lines);
        Files.writeString(out.resolve(alg + ".env"), environmentId + "\n");
    }

    static String method(int index) {
        return index % 2 == 0 ? "CLIENT_SECRET_BASIC" : "CLIENT_SECRET_POST";
    }

    /** Through the management API, as an operator would. */
    static final class Api {
        private final Options o;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final ExecutorService pool = Executors.newFixedThreadPool(8);
        private String token;

        Api(Options o) {
            this.o = o;
        }

        void close() {
            pool.shutdown();
        }

        boolean available() throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(o.baseUrl() + "/v1/environments?limit=1"))
                    .header("Authorization", "Bearer " + token()).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        }

        private String token() throws Exception {
            if (token == null) {
                String basic = Base64.getEncoder().encodeToString(
                        (o.clientId() + ":" + o.clientSecret()).getBytes(StandardCharsets.UTF_8));
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                URI.create(o.baseUrl() + "/" + o.bootstrapEnvironment() + "/as/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("bootstrap token request failed: " + r.statusCode() + " " + r.body());
                }
                token = JSON.readTree(r.body()).get("access_token").asText();
            }
            return token;
        }

        Map.Entry<UUID, List<App>> create(String alg, int count) throws Exception {
            String base = "/v1/environments";
            UUID env = id(send("POST", base, Map.of("name", "bench-" + alg + "-" + UUID.randomUUID(),
                    "description", "Portcullis benchmark data")));
            String envPath = base + "/" + env;
            if (alg.equals("ES256")) {
                send("POST", envPath + "/keys", Map.of("algorithm", "EC", "keyLength", 256,
                        "signatureAlgorithm", "SHA256withECDSA", "usageType", "SIGNING", "default", true));
            }
            UUID resource = id(send("POST", envPath + "/resources",
                    Map.of("name", "bench-api", "type", "CUSTOM", "audience", "https://api.bench.example")));
            List<Map<String, Object>> scopes = new ArrayList<>();
            for (String scope : new String[] {"bench:read", "bench:write"}) {
                UUID scopeId = id(send("POST", envPath + "/resources/" + resource + "/scopes", Map.of("name", scope)));
                scopes.add(Map.of("id", scopeId.toString()));
            }
            List<CompletableFuture<App>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        UUID app = id(send("POST", envPath + "/applications", Map.of(
                                "name", "bench-app-" + index, "enabled", true, "protocol", "OPENID_CONNECT",
                                "type", "WORKER", "grantTypes", List.of("CLIENT_CREDENTIALS"),
                                "tokenEndpointAuthMethod", method(index))));
                        String secret = send("GET", envPath + "/applications/" + app + "/secret", null)
                                .get("secret").asText();
                        send("POST", envPath + "/applications/" + app + "/grants",
                                Map.of("resource", Map.of("id", resource.toString()), "scopes", scopes));
                        return new App(app, secret, method(index));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            List<App> apps = new ArrayList<>();
            for (CompletableFuture<App> f : futures) {
                apps.add(f.join());
            }
            return Map.entry(env, apps);
        }

        private JsonNode send(String method, String path, Object body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(o.baseUrl() + path))
                    .header("Authorization", "Bearer " + token());
            if (body != null) {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body());
        }

        private static UUID id(JsonNode node) {
            return UUID.fromString(node.get("id").asText());
        }
    }

    /**
     * Straight into PostgreSQL, for when /v1 is not there: the same rows the services write,
     * sealed with the same master key, then one NOTIFY so that the running service drops its copy.
     */
    static final class Jdbc {
        private final Options o;
        private final SecureRandom random = new SecureRandom();
        private final MasterKey masterKey;
        private final SecretDigest digest;
        private final SecretGenerator generator;

        Jdbc(Options o) {
            this.o = o;
            this.masterKey = new MasterKey(Base64.getDecoder().decode(o.masterKey()), random);
            this.digest = new SecretDigest(masterKey);
            this.generator = new SecretGenerator(random);
        }

        Map.Entry<UUID, List<App>> create(String alg, int count) throws Exception {
            Timestamp now = Timestamp.from(Instant.now());
            UUID env = UUID.randomUUID();
            List<App> apps = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(o.jdbcUrl(), o.jdbcUser(), o.jdbcPassword())) {
                c.setAutoCommit(false);
                update(c, "insert into environments (id, name, description, created_at, updated_at) values (?,?,?,?,?)",
                        env, "bench-" + alg + "-" + env, "Portcullis benchmark data", now, now);
                KeyPair pair = keyPair(alg);
                UUID keyId = UUID.randomUUID();
                update(c, "insert into signing_keys (id, environment_id, algorithm, key_length, signature_algorithm,"
                                + " usage_type, is_default, status, public_key, private_key_ciphertext, created_at, expires_at)"
                                + " values (?,?,?,?,?,'SIGNING',true,'VALID',?,?,?,?)",
                        keyId, env, alg.equals("ES256") ? "EC" : "RSA", alg.equals("ES256") ? 256 : 2048,
                        alg.equals("ES256") ? "SHA256withECDSA" : "SHA256withRSA", pair.getPublic().getEncoded(),
                        masterKey.seal(pair.getPrivate().getEncoded(), "signing_key:" + keyId), now,
                        Timestamp.from(Instant.now().plus(Duration.ofDays(365))));
                UUID resource = UUID.randomUUID();
                update(c, "insert into resources (id, environment_id, name, type, audience, access_token_validity_seconds,"
                                + " created_at, updated_at) values (?,?,'bench-api','CUSTOM','https://api.bench.example',3600,?,?)",
                        resource, env, now, now);
                List<UUID> scopes = new ArrayList<>();
                for (String scope : new String[] {"bench:read", "bench:write"}) {
                    UUID scopeId = UUID.randomUUID();
                    update(c, "insert into resource_scopes (id, resource_id, name, created_at, updated_at) values (?,?,?,?,?)",
                            scopeId, resource, scope, now, now);
                    scopes.add(scopeId);
                }
                try (PreparedStatement app = c.prepareStatement("insert into applications (id, environment_id, name, enabled,"
                                + " protocol, type, grant_types, token_endpoint_auth_method, created_at, updated_at)"
                                + " values (?,?,?,true,'OPENID_CONNECT','WORKER','CLIENT_CREDENTIALS',?,?,?)");
                        PreparedStatement secret = c.prepareStatement("insert into application_secrets (id, application_id,"
                                + " ciphertext, digest, created_at) values (?,?,?,?,?)");
                        PreparedStatement grant = c.prepareStatement("insert into application_grants (id, application_id,"
                                + " resource_id, created_at, updated_at) values (?,?,?,?,?)");
                        PreparedStatement grantScope = c.prepareStatement(
                                "insert into application_grant_scopes (grant_id, scope_id) values (?,?)")) {
                    for (int i = 0; i < count; i++) {
                        UUID appId = UUID.randomUUID();
                        String plain = generator.newSecret();
                        bind(app, appId, env, "bench-app-" + i, method(i), now, now).addBatch();
                        UUID secretId = UUID.randomUUID();
                        bind(secret, secretId, appId,
                                masterKey.seal(plain.getBytes(StandardCharsets.UTF_8), "application_secret:" + secretId),
                                digest.of(plain), now).addBatch();
                        UUID grantId = UUID.randomUUID();
                        bind(grant, grantId, appId, resource, now, now).addBatch();
                        for (UUID scopeId : scopes) {
                            bind(grantScope, grantId, scopeId).addBatch();
                        }
                        apps.add(new App(appId, plain, method(i)));
                    }
                    app.executeBatch();
                    secret.executeBatch();
                    grant.executeBatch();
                    grantScope.executeBatch();
                }
                // The channel and payload of io.portcullis.change.ChangePublisher.
                update(c, "select pg_notify('portcullis_changes', ?)", env.toString());
                c.commit();
            }
            return Map.entry(env, apps);
        }

        private static KeyPair keyPair(String alg) throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance(alg.equals("ES256") ? "EC" : "RSA");
            if (alg.equals("ES256")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(2048);
            }
            return g.generateKeyPair();
        }

        private static void update(Connection c, String sql, Object... values) throws SQLException {
            try (PreparedStatement s = bind(c.prepareStatement(sql), values)) {
                s.execute();
            }
        }

        private static PreparedStatement bind(PreparedStatement s, Object... values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            return s;
        }
    }

    static {
        // Fail loudly rather than print a half-written data set.
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            e.printStackTrace();
            System.exit(1);
        });
    }
}
