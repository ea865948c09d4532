import io.portcullis.crypto.MasterKey;
import io.portcullis.crypto.SecretDigest;
import io.portcullis.crypto.SecretGenerator;
import java.io.StringReader;
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
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;

/**
 * Data and warm-up for bench/scale.
 *
 * <p>{@code schema}: creates the schema with the service's own Flyway migrations (from its jar), so
 * that the data can be loaded before the service's first start.
 *
 * <p>{@code load}: writes E environments with A applications each straight into PostgreSQL with
 * COPY, the same rows the management API writes (secrets and private keys sealed under the master
 * key with each row's own associated data, secret digests under the key derived from it). Each
 * environment has an RSA-2048 key (the default) and an EC P-256 key, one resource with two scopes,
 * and applications granted both scopes, half client_secret_basic and half client_secret_post. To
 * keep loading fast, every environment's keys share one RSA and one EC key pair (each row sealed
 * separately, with its own id). Writes {@code scale.creds}: per application its environment id,
 * client id, secret, method and Basic credentials in base64.
 *
 * <p>{@code warm}: asks for one token per environment (its first application), from T clients at
 * once, so that every environment is held in memory; prints how long that took.
 *
 * <p>Run by bench/scale with the packaged service's jars on the class path.
 */
public class ScaleData {

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        switch (args[0]) {
            case "schema" -> org.flywaydb.core.Flyway.configure()
                    .dataSource(o.get("jdbc-url"), o.getOrDefault("jdbc-user", "postgres"), o.getOrDefault("jdbc-password", ""))
                    .locations("classpath:db/migration").load().migrate();
            case "load" -> load(o);
            case "warm" -> warm(o);
            default -> throw new IllegalArgumentException("schema, load or warm");
        }
    }

    static void load(Map<String, String> o) throws Exception {
        int environments = Integer.parseInt(o.get("environments"));
        int apps = Integer.parseInt(o.get("apps"));
        SecureRandom random = new SecureRandom();
        MasterKey masterKey = new MasterKey(Base64.getDecoder().decode(o.get("master-key")), random);
        SecretDigest digest = new SecretDigest(masterKey);
        SecretGenerator generator = new SecretGenerator(random);
        KeyPair rsa = keyPair("RSA");
        KeyPair ec = keyPair("EC");
        String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
        String expires = OffsetDateTime.now(ZoneOffset.UTC).plusYears(1).toString();

        long started = System.nanoTime();
        Map<String, StringBuilder> tables = new HashMap<>();
        for (String t : List.of("environments", "signing_keys", "resources", "resource_scopes", "applications",
                "application_secrets", "application_grants", "application_grant_scopes")) {
            tables.put(t, new StringBuilder());
        }
        StringBuilder creds = new StringBuilder();
        for (int e = 0; e < environments; e++) {
            UUID env = UUID.randomUUID();
            row(tables.get("environments"), env, "scale-" + env, "Portcullis scale benchmark", now, now);
            for (boolean isRsa : new boolean[] {true, false}) {
                UUID keyId = UUID.randomUUID();
                KeyPair pair = isRsa ? rsa : ec;
                row(tables.get("signing_keys"), keyId, env, isRsa ? "RSA" : "EC", isRsa ? 2048 : 256,
                        isRsa ? "SHA256withRSA" : "SHA256withECDSA", "SIGNING", isRsa, "VALID",
                        bytea(pair.getPublic().getEncoded()),
                        bytea(masterKey.seal(pair.getPrivate().getEncoded(), "signing_key:" + keyId)), now, expires);
            }
            UUID resource = UUID.randomUUID();
            row(tables.get("resources"), resource, env, "scale-api", "CUSTOM", "https://api.scale.example", 3600, now, now);
            List<UUID> scopes = new ArrayList<>();
            for (String scope : List.of("scale:read", "scale:write")) {
                UUID scopeId = UUID.randomUUID();
                row(tables.get("resource_scopes"), scopeId, resource, scope, now, now);
                scopes.add(scopeId);
            }
            for (int a = 0; a < apps; a++) {
                UUID app = UUID.randomUUID();
                String method = a % 2 == 0 ? "CLIENT_SECRET_BASIC" : "CLIENT_SECRET_POST";
                row(tables.get("applications"), app, env, "scale-app-" + a, true, "OPENID_CONNECT", "WORKER",
                        "CLIENT_CREDENTIALS", method, now, now);
                String secret = generator.newSecret();
                UUID secretId = UUID.randomUUID();
                row(tables.get("application_secrets"), secretId, app,
                        bytea(masterKey.seal(secret.getBytes(StandardCharsets.UTF_8), "application_secret:" + secretId)),
                        bytea(digest.of(secret)), now);
                UUID grant = UUID.randomUUID();
                row(tables.get("application_grants"), grant, app, resource, now, now);
                for (UUID scopeId : scopes) {
                    row(tables.get("application_grant_scopes"), grant, scopeId);
                }
                String pair = URLEncoder.encode(app.toString(), StandardCharsets.UTF_8) + ":"
                        + URLEncoder.encode(secret, StandardCharsets.UTF_8);
                creds.append(env).append(' ').append(app).append(' ').append(secret).append(' ').append(method)
                        .append(' ').append(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))
                        .append('\n');
            }
        }
        Files.writeString(Path.of(o.get("out"), "scale.creds"), creds);
        try (Connection c = DriverManager.getConnection(o.get("jdbc-url"), o.getOrDefault("jdbc-user", "postgres"),
                o.getOrDefault("jdbc-password", ""))) {
            c.setAutoCommit(false);
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("copy environments (id, name, description, created_at, updated_at) from stdin",
                    new StringReader(tables.get("environments").toString()));
            copy.copyIn("copy signing_keys (id, environment_id, algorithm, key_length, signature_algorithm, usage_type,"
                    + " is_default, status, public_key, private_key_ciphertext, created_at, expires_at) from stdin",
                    new StringReader(tables.get("signing_keys").toString()));
            copy.copyIn("copy resources (id, environment_id, name, type, audience, access_token_validity_seconds,"
                    + " created_at, updated_at) from stdin", new StringReader(tables.get("resources").toString()));
            copy.copyIn("copy resource_scopes (id, resource_id, name, created_at, updated_at) from stdin",
                    new StringReader(tables.get("resource_scopes").toString()));
            copy.copyIn("copy applications (id, environment_id, name, enabled, protocol, type, grant_types,"
                    + " token_endpoint_auth_method, created_at, updated_at) from stdin",
                    new StringReader(tables.get("applications").toString()));
            copy.copyIn("copy application_secrets (id, application_id, ciphertext, digest, created_at) from stdin",
                    new StringReader(tables.get("application_secrets").toString()));
            copy.copyIn("copy application_grants (id, application_id, resource_id, created_at, updated_at) from stdin",
                    new StringReader(tables.get("application_grants").toString()));
            copy.copyIn("copy application_grant_scopes (grant_id, scope_id) from stdin",
                    new StringReader(tables.get("application_grant_scopes").toString()));
            c.commit();
            try (var s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("analyze");
            }
        }
        System.out.printf("scale data: %d environments x %d applications loaded in %.1f s%n", environments, apps,
                (System.nanoTime() - started) / 1e9);
    }

    static void warm(Map<String, String> o) throws Exception {
        String baseUrl = o.get("base-url");
        int threads = Integer.parseInt(o.getOrDefault("threads", "4"));
        Map<String, String[]> firstAppOfEnv = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(o.get("creds")))) {
            String[] f = line.split(" ");
            firstAppOfEnv.putIfAbsent(f[0], f);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger failed = new AtomicInteger();
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (String[] f : firstAppOfEnv.values()) {
            futures.add(pool.submit(() -> {
                boolean basic = f[3].equals("CLIENT_SECRET_BASIC");
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/" + f[0] + "/as/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(basic
                                ? "grant_type=client_credentials"
                                : "grant_type=client_credentials&client_id=" + f[1] + "&client_secret=" + f[2]));
                if (basic) {
                    request.header("Authorization", "Basic " + f[4]);
                }
                HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 && failed.incrementAndGet() <= 3) {
                    System.err.println("warm: " + f[0] + " -> " + r.statusCode() + " " + r.body());
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("RESULT environments=%d ms=%d failed=%d%n", firstAppOfEnv.size(), ms, failed.get());
    }

    private static KeyPair keyPair(String algorithm) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            g.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            g.initialize(2048);
        }
        return g.generateKeyPair();
    }

    /** One line of COPY's text format (none of the values holds a tab, newline or backslash). */
    private static void row(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : "\t").append(values[i]);
        }
        out.append('\n');
    }

    private static String bytea(byte[] bytes) {
        return "\\\\x" + HexFormat.of().formatHex(bytes);
    }

    static {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            e.printStackTrace();
            System.exit(1);
        });
    }
}
