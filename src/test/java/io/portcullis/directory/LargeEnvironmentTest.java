package io.portcullis.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.crypto.MasterKey;
import io.portcullis.crypto.SecretDigest;
import io.portcullis.crypto.SecretGenerator;
import io.portcullis.environment.Environment;
import io.portcullis.support.Database;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Fixtures.CreatedResource;
import io.portcullis.support.TokenRequests;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * An environment of several thousand applications, written straight through COPY as another
 * replica's writes would be: it loads in pages, in reasonable time, and a change made while it
 * loads is not lost.
 */
@QuarkusTest
class LargeEnvironmentTest {

    private static final Logger LOG = Logger.getLogger(LargeEnvironmentTest.class);
    /** More than two pages of {@link DirectoryLoader#PAGE_SIZE}, the last one partial. */
    private static final int APPLICATIONS = 2 * DirectoryLoader.PAGE_SIZE + 1_234;

    @Inject
    Fixtures fixtures;

    @Inject
    Directory directory;

    @Inject
    MasterKey masterKey;

    @Inject
    SecretDigest digest;

    @Inject
    SecretGenerator generator;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    Environment env;
    /** By application id in PostgreSQL's uuid order (unsigned bytes), as the loader pages them. */
    List<CreatedApp> apps;

    @BeforeEach
    void setUp() throws Exception {
        env = fixtures.environment();
        CreatedResource resource = fixtures.resource(env.id, "orders", null, "orders:read", "orders:write");
        apps = insertApplications(resource);
        directory.invalidate(env.id); // written behind the service's back: no change event was sent
    }

    @Test
    void loadsInPagesAndTheFirstAndLastApplicationsGetTokens() {
        long started = System.nanoTime();
        EnvironmentView view = directory.environment(env.id).orElseThrow();
        long loadMs = (System.nanoTime() - started) / 1_000_000;
        LOG.infof("%d applications loaded in %d ms", APPLICATIONS, loadMs);
        assertThat(view.clients()).hasSize(APPLICATIONS);
        // Generous for a busy shared machine; on an idle one this takes well under a second.
        assertThat(loadMs).isLessThan(30_000);
        TokenRequests.token(env.id.toString(), apps.getFirst(), "orders:read");
        TokenRequests.token(env.id.toString(), apps.get(DirectoryLoader.PAGE_SIZE), "orders:read"); // a page's first
        TokenRequests.token(env.id.toString(), apps.getLast(), "orders:write");
    }

    @Test
    void aChangeDuringTheLoadIsNotLost() {
        CreatedApp last = apps.getLast();
        CompletableFuture<Integer> loading = CompletableFuture.supplyAsync(
                () -> TokenRequests.request(env.id.toString(), apps.getFirst(), null).statusCode());
        fixtures.disable(env.id, last.app().id); // before, during or after the load: its effect must be seen
        assertThat(loading.join()).isEqualTo(200);
        assertThat(TokenRequests.request(env.id.toString(), last, null).statusCode()).isEqualTo(401);
    }

    private List<CreatedApp> insertApplications(CreatedResource resource) throws Exception {
        String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
        StringBuilder applications = new StringBuilder();
        StringBuilder secrets = new StringBuilder();
        StringBuilder grants = new StringBuilder();
        StringBuilder grantScopes = new StringBuilder();
        List<CreatedApp> created = new ArrayList<>();
        for (int i = 0; i < APPLICATIONS; i++) {
            UUID id = UUID.randomUUID();
            String secret = generator.newSecret();
            UUID secretId = UUID.randomUUID();
            UUID grantId = UUID.randomUUID();
            row(applications, id, env.id, "bulk-" + i, true, "OPENID_CONNECT", "WORKER", "CLIENT_CREDENTIALS",
                    "CLIENT_SECRET_BASIC", now, now);
            row(secrets, secretId, id, bytea(masterKey.seal(secret.getBytes(StandardCharsets.UTF_8),
                    "application_secret:" + secretId)), bytea(digest.of(secret)), now);
            row(grants, grantId, id, resource.resource().id, now, now);
            for (var scope : resource.scopes().values()) {
                row(grantScopes, grantId, scope.id);
            }
            var app = new io.portcullis.application.Application();
            app.id = id;
            app.environmentId = env.id;
            app.tokenEndpointAuthMethod = TokenEndpointAuthMethod.CLIENT_SECRET_BASIC;
            app.grantTypes = java.util.EnumSet.of(GrantType.CLIENT_CREDENTIALS);
            created.add(new CreatedApp(app, secret));
        }
        try (Connection c = Database.connect(jdbcUrl)) {
            c.setAutoCommit(false);
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("copy applications (id, environment_id, name, enabled, protocol, type, grant_types,"
                    + " token_endpoint_auth_method, created_at, updated_at) from stdin", new StringReader(applications.toString()));
            copy.copyIn("copy application_secrets (id, application_id, ciphertext, digest, created_at) from stdin",
                    new StringReader(secrets.toString()));
            copy.copyIn("copy application_grants (id, application_id, resource_id, created_at, updated_at) from stdin",
                    new StringReader(grants.toString()));
            copy.copyIn("copy application_grant_scopes (grant_id, scope_id) from stdin", new StringReader(grantScopes.toString()));
            c.commit();
            c.setAutoCommit(true);
            try (var statement = c.createStatement()) {
                statement.execute("analyze"); // as autovacuum would after such a write
            }
        }
        // PostgreSQL compares uuids as unsigned bytes; UUID.compareTo compares signed longs.
        created.sort(Comparator.comparing(a -> a.app().id.toString()));
        return created;
    }

    /** One line of COPY's text format (none of these values holds a tab, newline or backslash). */
    private static void row(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : "\t").append(values[i]);
        }
        out.append('\n');
    }

    private static String bytea(byte[] bytes) {
        return "\\\\x" + HexFormat.of().formatHex(bytes);
    }
}
