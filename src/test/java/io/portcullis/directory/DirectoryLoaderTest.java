package io.portcullis.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.application.ApplicationService;
import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.environment.Environment;
import io.portcullis.support.Fixtures;
import io.portcullis.support.Fixtures.CreatedApp;
import io.portcullis.support.Fixtures.CreatedResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.query.spi.QueryInterpretationCache;
import org.junit.jupiter.api.Test;

/** What the loader reads of an environment, whatever the page size splitting its applications. */
@QuarkusTest
class DirectoryLoaderTest {

    @Inject
    Fixtures fixtures;

    @Inject
    ApplicationService applications;

    @Inject
    DirectoryLoader loader;

    @Test
    void sameViewsWhateverThePageSize() {
        Environment env = fixtures.environment();
        CreatedResource orders = fixtures.resource(env.id, "orders", null, "orders:read", "orders:write");
        CreatedResource billing = fixtures.resource(env.id, "billing", null, "billing:read");
        CreatedApp basic = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        CreatedApp post = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_POST, GrantType.CLIENT_CREDENTIALS);
        CreatedApp jwt = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_JWT, GrantType.CLIENT_CREDENTIALS);
        CreatedApp none = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC);
        fixtures.grant(env.id, basic.app().id, orders, "orders:read", "orders:write");
        fixtures.grant(env.id, basic.app().id, billing, "billing:read");
        fixtures.grant(env.id, post.app().id, orders, "orders:read");
        fixtures.grant(env.id, jwt.app().id, billing); // a grant of no scope gives none
        String jwtSecret = fixtures.rotateSecret(env.id, jwt.app().id, Instant.now().plus(1, ChronoUnit.HOURS));
        fixtures.disable(env.id, post.app().id);
        applications.assignRole(env.id, none.app().id, "READ_ONLY", "ENVIRONMENT", env.id);

        EnvironmentView whole = loader.load(env.id);
        assertThat(whole.clients()).hasSize(4);
        assertThat(whole.resources()).containsOnlyKeys(orders.resource().id, billing.resource().id);
        // Every page boundary: one application per page, two, and a page size the last page fills exactly.
        for (int pageSize : new int[] {1, 2, 4}) {
            assertThat(loader.load(env.id, pageSize)).usingRecursiveComparison().isEqualTo(whole);
        }

        ClientView b = whole.clients().get(basic.app().id);
        assertThat(b.enabled()).isTrue();
        assertThat(b.authMethods()).containsExactly(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC);
        assertThat(b.grantTypes()).containsExactly(GrantType.CLIENT_CREDENTIALS);
        assertThat(b.grantedScopes()).isEqualTo(Map.of(
                orders.resource().id, Set.of("orders:read", "orders:write"), billing.resource().id, Set.of("billing:read")));
        assertThat(b.secrets()).hasSize(1).allSatisfy(s -> assertThat(s.expiresAt()).isNull());
        assertThat(b.managementAccess()).isFalse();
        assertThat(b.assertionKeys()).isEqualTo(AssertionKeys.NONE);

        ClientView p = whole.clients().get(post.app().id);
        assertThat(p.enabled()).isFalse();
        assertThat(p.grantedScopes()).isEqualTo(Map.of(orders.resource().id, Set.of("orders:read")));

        ClientView j = whole.clients().get(jwt.app().id);
        assertThat(j.grantedScopes()).isEmpty();
        assertThat(j.secrets()).hasSize(2);
        assertThat(j.assertionKeys().hmacSecrets()).hasSize(2)
                .anySatisfy(k -> assertThat(new String(k.key(), StandardCharsets.UTF_8)).isEqualTo(jwtSecret))
                .anySatisfy(k -> assertThat(new String(k.key(), StandardCharsets.UTF_8)).isEqualTo(jwt.secret()));

        ClientView n = whole.clients().get(none.app().id);
        assertThat(n.grantTypes()).isEmpty();
        assertThat(n.managementAccess()).isTrue();
        assertThat(n.grantedScopes()).isEmpty();
    }

    @Inject
    SessionFactory sessionFactory;

    /**
     * The start's warm-up parses the loader's queries before any environment is loaded
     * (startup/WarmUp): every query a load runs, on every page, is among them, and parsing them
     * opens no connection.
     */
    @Test
    void prepareQueriesParsesEveryQueryALoadRunsWithoutAConnection() {
        Environment env = fixtures.environment();
        CreatedResource orders = fixtures.resource(env.id, "orders", null, "orders:read");
        CreatedApp first = fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_BASIC, GrantType.CLIENT_CREDENTIALS);
        fixtures.application(env.id, TokenEndpointAuthMethod.CLIENT_SECRET_JWT, GrantType.CLIENT_CREDENTIALS);
        fixtures.grant(env.id, first.app().id, orders, "orders:read");
        QueryInterpretationCache parsed = sessionFactory.unwrap(SessionFactoryImplementor.class)
                .getQueryEngine().getInterpretationCache();

        // Emptied first, so that what earlier tests parsed does not count. A background job of the
        // test's application (the lockout refresh runs every second) may parse its own query inside
        // the window: a query missing from prepareQueries grows the cache on every attempt, a job
        // only now and then.
        int grown = -1;
        for (int attempt = 0; attempt < 5 && grown != 0; attempt++) {
            parsed.close();
            try (Session session = sessionFactory.openSession()) {
                DirectoryLoader.prepareQueries(session);
                assertThat(session.unwrap(SessionImplementor.class).getJdbcCoordinator().getLogicalConnection()
                        .isPhysicallyConnected()).as("connected").isFalse();
            }
            int prepared = parsed.getNumberOfCachedHqlInterpretations();
            assertThat(prepared).isGreaterThanOrEqualTo(10);
            loader.environmentIds();
            loader.exists(env.id);
            loader.load(env.id, 1); // one application per page: the first page, the next ones, each page's children
            grown = parsed.getNumberOfCachedHqlInterpretations() - prepared;
        }
        assertThat(grown).as("queries a load parsed itself").isZero();
    }
}
