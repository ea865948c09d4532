package io.portcullis.directory;

import io.portcullis.application.ApplicationSecret;
import io.portcullis.application.GrantType;
import io.portcullis.application.RoleAssignmentRepository;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.crypto.MasterKey;
import io.portcullis.environment.BootstrapState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.hibernate.jpa.HibernateHints;
import org.jboss.logging.Logger;

/**
 * Reads what the token endpoint needs of one environment from PostgreSQL: its resources and scopes
 * in one short read-only transaction, then its applications in pages of {@value #PAGE_SIZE} by
 * application id (keyset paging), each page in a short read-only transaction of its own. Every query
 * selects columns, not entities: nothing is held in a persistence context, and memory beyond the
 * views built is one page of rows.
 */
@ApplicationScoped
public class DirectoryLoader {

    /** Applications read per transaction: a page costs tens of milliseconds, far below any timeout. */
    static final int PAGE_SIZE = 5_000;

    private static final Logger LOG = Logger.getLogger(DirectoryLoader.class);

    // The queries, named so that prepareQueries parses exactly these strings (Hibernate caches a
    // query's parse by its text and result type).
    private static final String ENVIRONMENT_IDS = "select e.id from Environment e";
    private static final String ENVIRONMENT_COUNT = "select count(e) from Environment e where e.id = ?1";
    private static final String RESOURCE_SECRETS = "select s.resourceId, s.digest from ResourceSecret s"
            + " where s.resourceId in (select r.id from Resource r where r.environmentId = ?1)";
    private static final String RESOURCES = "select r.id, r.name, r.audience, r.accessTokenValiditySeconds,"
            + " r.introspectEndpointAuthMethod from Resource r where r.environmentId = ?1";
    private static final String SCOPES = "select s.id, s.resourceId, s.name from ResourceScope s"
            + " where s.resourceId in (select r.id from Resource r where r.environmentId = ?1)";
    private static final String APPLICATIONS = "select a.id, a.clientId, a.enabled, a.tokenEndpointAuthMethod, a.grantTypes,"
            + " a.jwks, a.jwksUrl, a.tokensNotBefore from Application a where a.environmentId = :environment";
    private static final String FIRST_APPLICATIONS = APPLICATIONS + " order by a.id";
    private static final String NEXT_APPLICATIONS = APPLICATIONS + " and a.id > :after order by a.id";
    // A page's applications are those of the environment with first <= id <= last (ids are read in
    // order). The range is repeated on the child table's application id so that PostgreSQL reads that
    // table's index for the page alone, not the whole table once per page.
    private static final String IN_PAGE = " and a.environmentId = ?1 and a.id >= ?2 and a.id <= ?3";
    private static final String GRANTS = "select g.applicationId, g.resourceId, scopeId from ApplicationGrant g"
            + " left join g.scopeIds scopeId, Application a where a.id = g.applicationId"
            + " and g.applicationId >= ?2 and g.applicationId <= ?3" + IN_PAGE;
    private static final String SECRETS = "select s.applicationId, s.id, s.digest, s.expiresAt, s.ciphertext"
            + " from ApplicationSecret s, Application a where a.id = s.applicationId"
            + " and s.applicationId >= ?2 and s.applicationId <= ?3" + IN_PAGE;

    private final RoleAssignmentRepository roles;
    private final BootstrapState bootstrap;
    private final EntityManager entityManager;
    private final MasterKey masterKey;
    private final GrantedScopes grantedScopes;

    public DirectoryLoader(
            RoleAssignmentRepository roles,
            BootstrapState bootstrap,
            EntityManager entityManager,
            MasterKey masterKey,
            GrantedScopes grantedScopes) {
        this.roles = roles;
        this.bootstrap = bootstrap;
        this.entityManager = entityManager;
        this.masterKey = masterKey;
        this.grantedScopes = grantedScopes;
    }

    @Transactional
    public Set<UUID> environmentIds() {
        return Set.copyOf(entityManager.createQuery(ENVIRONMENT_IDS, UUID.class).getResultList());
    }

    @Transactional
    public boolean exists(UUID environmentId) {
        return entityManager.createQuery(ENVIRONMENT_COUNT, Long.class)
                .setParameter(1, environmentId)
                .getSingleResult() > 0;
    }

    /**
     * The environment as stored. Pages are read in transactions of their own, so one page may see a
     * change that an earlier one did not: the view may mix two moments. That is safe because a load
     * never outlives a change made during it: {@link Directory#environment} loads inside
     * {@code computeIfAbsent}, and the change's invalidation ({@link Directory#invalidate}, sent after
     * its commit) waits for the load to finish and then drops what it built; the next request loads
     * again. A change committed before the load started is read by it.
     */
    public EnvironmentView load(UUID environmentId) {
        return load(environmentId, PAGE_SIZE);
    }

    /**
     * Parses every query of a load into Hibernate's query cache without running one: the start
     * calls it on the warm-up thread as soon as the session factory exists, beside the rest of the
     * start, so that the first load does not parse them (HQL's parser is slowest on its first
     * queries). Needs no transaction and no connection.
     */
    public static void prepareQueries(Session session) {
        session.createQuery(ENVIRONMENT_IDS, UUID.class);
        session.createQuery(ENVIRONMENT_COUNT, Long.class);
        for (String query : List.of(RESOURCE_SECRETS, RESOURCES, SCOPES, FIRST_APPLICATIONS, NEXT_APPLICATIONS, GRANTS, SECRETS)) {
            session.createQuery(query, Tuple.class);
        }
        session.createQuery(RoleAssignmentRepository.APPLICATIONS_WITH_ROLES, UUID.class);
    }

    EnvironmentView load(UUID environmentId, int pageSize) {
        long started = System.nanoTime();
        Shared shared = QuarkusTransaction.requiringNew().call(() -> readShared(environmentId));
        Map<UUID, ClientView> clients = new HashMap<>();
        Map<String, UUID> chosenClientIds = new HashMap<>();
        Map<Object, Object> canonical = new HashMap<>();
        UUID after = null;
        while (true) {
            UUID from = after;
            List<Tuple> apps = QuarkusTransaction.requiringNew().call(() -> {
                List<Tuple> page = readApplications(environmentId, from, pageSize);
                if (!page.isEmpty()) {
                    addClients(environmentId, page, shared, clients, chosenClientIds, canonical);
                }
                return page;
            });
            if (apps.size() < pageSize) {
                break;
            }
            after = apps.getLast().get(0, UUID.class);
        }
        EnvironmentView view = new EnvironmentView(
                environmentId, Map.copyOf(clients), shared.resources(), Map.copyOf(chosenClientIds));
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (ms >= 1_000) {
            LOG.infof("Environment %s loaded: %d applications in %d ms", environmentId, clients.size(), ms);
        }
        return view;
    }

    /** What every application of the environment is read against. */
    private record Shared(
            Map<UUID, ResourceView> resources,
            Map<UUID, Scope> scopes,
            Set<UUID> withRoles,
            Set<UUID> bootstrapClients) {}

    private record Scope(UUID resourceId, String name) {}

    private Shared readShared(UUID environmentId) {
        Map<UUID, byte[]> resourceSecretDigests = rows(RESOURCE_SECRETS, environmentId)
                .stream().collect(Collectors.toMap(t -> t.get(0, UUID.class), t -> t.get(1, byte[].class)));
        Map<UUID, ResourceView> resourceViews = new HashMap<>();
        for (Tuple r : rows(RESOURCES, environmentId)) {
            UUID id = r.get(0, UUID.class);
            resourceViews.put(id, new ResourceView(id, r.get(1, String.class), r.get(2, String.class),
                    r.get(3, Integer.class), r.get(4, String.class), resourceSecretDigests.get(id)));
        }
        Map<UUID, Scope> scopeById = new HashMap<>();
        for (Tuple s : rows(SCOPES, environmentId)) {
            scopeById.put(s.get(0, UUID.class), new Scope(s.get(1, UUID.class), s.get(2, String.class)));
        }
        Set<UUID> withRoles = new HashSet<>(roles.applicationsWithRoles(environmentId));
        Set<UUID> bootstrapClients = bootstrap.applicationId().map(Set::of).orElse(Set.of());
        return new Shared(Map.copyOf(resourceViews), scopeById, withRoles, bootstrapClients);
    }

    /** Up to {@code limit} applications of the environment, by id, after {@code after} (null: from the first). */
    private List<Tuple> readApplications(UUID environmentId, UUID after, int limit) {
        var query = entityManager.createQuery(after == null ? FIRST_APPLICATIONS : NEXT_APPLICATIONS, Tuple.class)
                .setParameter("environment", environmentId)
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .setHint(HibernateHints.HINT_FETCH_SIZE, limit)
                .setMaxResults(limit);
        if (after != null) {
            query.setParameter("after", after);
        }
        return query.getResultList();
    }

    /** Builds the views of one page of applications, with their secrets and grants read for that page alone. */
    private void addClients(UUID environmentId, List<Tuple> apps, Shared shared, Map<UUID, ClientView> clients,
            Map<String, UUID> chosenClientIds, Map<Object, Object> canonical) {
        UUID first = apps.getFirst().get(0, UUID.class);
        UUID last = apps.getLast().get(0, UUID.class);

        // Per application and granted resource, the grant's scope names by the resource defining each.
        Map<UUID, Map<UUID, Map<UUID, Set<String>>>> grantedByApp = new HashMap<>();
        for (Tuple g : rows(GRANTS, environmentId, first, last)) {
            Map<UUID, Set<String>> names = grantedByApp
                    .computeIfAbsent(g.get(0, UUID.class), k -> new HashMap<>())
                    .computeIfAbsent(g.get(1, UUID.class), k -> new HashMap<>());
            UUID scopeId = g.get(2, UUID.class);
            Scope scope = scopeId == null ? null : shared.scopes().get(scopeId);
            if (scope != null) {
                names.computeIfAbsent(scope.resourceId(), k -> new LinkedHashSet<>()).add(scope.name());
            }
        }

        Set<UUID> hmacClients = new HashSet<>();
        for (Tuple app : apps) {
            if (app.get(3, TokenEndpointAuthMethod.class) == TokenEndpointAuthMethod.CLIENT_SECRET_JWT) {
                hmacClients.add(app.get(0, UUID.class));
            }
        }
        Map<UUID, List<SecretView>> secretsByApp = new HashMap<>();
        Map<UUID, List<AssertionKeys.HmacSecret>> hmacByApp = new HashMap<>();
        for (Tuple s : rows(SECRETS, environmentId, first, last)) {
            UUID applicationId = s.get(0, UUID.class);
            UUID id = s.get(1, UUID.class);
            Instant expiresAt = s.get(3, Instant.class);
            secretsByApp.computeIfAbsent(applicationId, k -> new ArrayList<>())
                    .add(new SecretView(id, s.get(2, byte[].class), expiresAt));
            if (hmacClients.contains(applicationId)) {
                // RFC 7523 §2.2 with HS256: the MAC key is the secret itself, so it is opened here.
                hmacByApp.computeIfAbsent(applicationId, k -> new ArrayList<>()).add(new AssertionKeys.HmacSecret(
                        masterKey.open(s.get(4, byte[].class), ApplicationSecret.sealingContext(id)), expiresAt));
            }
        }

        for (Tuple app : apps) {
            UUID id = app.get(0, UUID.class);
            String clientId = app.get(1, String.class);
            TokenEndpointAuthMethod method = app.get(3, TokenEndpointAuthMethod.class);
            @SuppressWarnings("unchecked")
            Set<GrantType> grantTypes = app.get(4, Set.class);
            if (clientId != null) {
                chosenClientIds.put(clientId, id);
            }
            Set<TokenEndpointAuthMethod> methods = EnumSet.of(method);
            if (shared.bootstrapClients().contains(id) || clientId != null && isSecretMethod(method)) {
                // The wire contract: the bootstrap worker may use either secret method; so may a client with a
                // chosen id (PingFederate's clientAuth SECRET takes the secret in the header or the body).
                methods.add(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC);
                methods.add(TokenEndpointAuthMethod.CLIENT_SECRET_POST);
            }
            Map<UUID, Set<String>> granted = grantedScopes.of(
                    grantedByApp.getOrDefault(id, Map.of()), clientId != null, shared.resources().keySet());
            // Most applications share their methods, grant types and scopes with many others: each
            // distinct (immutable) value is held once, not once per application.
            clients.put(id, new ClientView(
                    id,
                    environmentId,
                    app.get(2, Boolean.class),
                    canonical(canonical, Set.copyOf(methods)),
                    canonical(canonical, grantTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(grantTypes))),
                    List.copyOf(secretsByApp.getOrDefault(id, List.of())),
                    canonical(canonical, granted),
                    shared.withRoles().contains(id),
                    assertionKeys(method, app.get(5, String.class), app.get(6, String.class),
                            hmacByApp.getOrDefault(id, List.of())),
                    app.get(7, Instant.class)));
        }
    }

    private List<Tuple> rows(String query, Object... parameters) {
        var typed = entityManager.createQuery(query, Tuple.class).setHint(HibernateHints.HINT_READ_ONLY, true);
        for (int i = 0; i < parameters.length; i++) {
            typed.setParameter(i + 1, parameters[i]);
        }
        return typed.getResultList();
    }

    @SuppressWarnings("unchecked")
    private static <T> T canonical(Map<Object, Object> canonical, T value) {
        return (T) canonical.computeIfAbsent(value, v -> v);
    }

    private static boolean isSecretMethod(TokenEndpointAuthMethod method) {
        return method == TokenEndpointAuthMethod.CLIENT_SECRET_BASIC || method == TokenEndpointAuthMethod.CLIENT_SECRET_POST;
    }

    private static AssertionKeys assertionKeys(TokenEndpointAuthMethod method, String jwks, String jwksUrl,
            List<AssertionKeys.HmacSecret> hmacSecrets) {
        return switch (method) {
            case CLIENT_SECRET_JWT -> new AssertionKeys(List.copyOf(hmacSecrets), null, null);
            case PRIVATE_KEY_JWT -> new AssertionKeys(List.of(), jwks, jwksUrl);
            default -> AssertionKeys.NONE;
        };
    }
}
