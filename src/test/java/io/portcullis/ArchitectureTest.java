package io.portcullis;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceRule;
import com.tngtech.archunit.library.dependencies.Slices;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import io.portcullis.audit.Activity;
import io.portcullis.bootstrap.Bootstrap;
import io.portcullis.application.ApplicationSecretRepository;
import io.portcullis.application.RoleAssignmentRepository;
import io.portcullis.change.ChangeListener;
import io.portcullis.change.ChangePublisher;
import io.portcullis.change.EnvironmentChangeTracker;
import io.portcullis.change.EnvironmentScoped;
import io.portcullis.clientauth.AssertionReplayStore;
import io.portcullis.clientauth.ClientAuthenticator;
import io.portcullis.clientauth.FailureStore;
import io.portcullis.crypto.DevMasterKeys;
import io.portcullis.crypto.MasterKeyProvider;
import io.portcullis.environment.BootstrapState;
import io.portcullis.environment.Environment;
import io.portcullis.jobs.BackgroundJob;
import io.portcullis.pingfederate.PingFederateEnvironment;
import io.portcullis.resource.ResourceRepository;
import io.portcullis.revocation.ExpiredEntriesPurge;
import io.portcullis.revocation.RevocationList;
import io.portcullis.signing.KeyRotationPolicyRepository;
import io.portcullis.signing.SigningKeyRepository;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.portcullis.token.Grant;
import io.portcullis.token.TokenResource;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import io.quarkus.scheduler.Scheduled;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Keeps the package and layering rules of docs/architecture.md true of the main classes. */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.portcullis");

    /** A JAX-RS resource of the management API: annotated {@code @Path} under {@code /v1}. */
    /** The PingFederate admin API's package: its resources and the access check they share. */
    static final String PINGFEDERATE_ADMIN_API = "io.portcullis.pingfederate.admin";

    static final DescribedPredicate<JavaClass> MANAGEMENT_RESOURCES = DescribedPredicate.describe(
            "management resources (@Path under /v1 or /pf-admin-api/v1, with their nested records; the PingFederate admin API package)",
            c -> isManagementResource(c) || c.getEnclosingClass().map(ArchitectureTest::isManagementResource).orElse(false)
                    || c.getPackageName().equals(PINGFEDERATE_ADMIN_API));

    static boolean isManagementResource(JavaClass c) {
        return c.tryGetAnnotationOfType(Path.class).map(path -> isManagementPath(path.value())).orElse(false);
    }

    static boolean isManagementPath(String path) {
        String relative = path.replaceFirst("^/+", "");
        // The PingFederate admin API is a management API too, in PingFederate's shapes.
        return relative.equals("v1") || relative.startsWith("v1/") || relative.startsWith("pf-admin-api/v1/");
    }

    static final DescribedPredicate<JavaClass> ENTITIES =
            DescribedPredicate.describe("@Entity classes", c -> c.isAnnotatedWith(Entity.class));

    /** The management API's own packages: its authorization, its audit trail, the first-start bootstrap. */
    static final String[] MANAGEMENT_API = {"io.portcullis.management..", "io.portcullis.audit..", "io.portcullis.bootstrap.."};

    /** The packages whose entities the management API manages: their resources and services use it. */
    static final String[] MANAGED_FEATURES = {
        "io.portcullis.application..", "io.portcullis.environment..", "io.portcullis.resource..", "io.portcullis.signing..",
        "io.portcullis.pingfederate.."};

    /** A class that implements an interface management declares to read a feature's data (ManagementTokens, ...). */
    static final DescribedPredicate<JavaClass> MANAGEMENT_ADAPTERS = DescribedPredicate.describe(
            "implementations of management's interfaces",
            c -> c.getAllRawInterfaces().stream().anyMatch(i -> i.getPackageName().equals("io.portcullis.management")));

    @Test
    void tokenNeverUsesTheManagementApi() {
        noClasses().that().resideInAPackage("io.portcullis.token..")
                .should().dependOnClassesThat(resideInAnyPackage(MANAGEMENT_API).or(resideInAPackage("io.portcullis.web.."))
                        .or(MANAGEMENT_RESOURCES))
                .check(MAIN);
    }

    @Test
    void onlyTheManagementApiUsesManagement() {
        // The token path (token, clientauth, directory, introspection, discovery, ...) never does; the
        // one place outside the managed features is the token check that management declares.
        noClasses().that().resideOutsideOfPackages(MANAGEMENT_API).and().resideOutsideOfPackages(MANAGED_FEATURES)
                .and(not(MANAGEMENT_RESOURCES)).and(not(MANAGEMENT_ADAPTERS))
                .should().dependOnClassesThat().resideInAnyPackage(MANAGEMENT_API)
                .check(MAIN);
    }

    @Test
    void nothingDependsOnBootstrap() {
        // Bootstrap creates an environment and an application: it sits above both.
        noClasses().that().resideOutsideOfPackage("io.portcullis.bootstrap..")
                .should().dependOnClassesThat().resideInAPackage("io.portcullis.bootstrap..")
                .check(MAIN);
    }

    @Test
    void webDependsOnNoFeature() {
        // The management API's HTTP plumbing (errors, HAL, paging, filters, limits, strict JSON) serves
        // every feature; it uses the OAuth error body for the paths outside /v1, and configuration.
        noClasses().that().resideInAPackage("io.portcullis.web..")
                .should().dependOnClassesThat(resideInAPackage("io.portcullis..")
                        .and(not(resideInAnyPackage("io.portcullis.web..", "io.portcullis.oauth..", "io.portcullis.config.."))))
                .check(MAIN);
    }

    @Test
    void managementDependsOnNoFeature() {
        // What it needs of a feature (a token check, held roles, an environment's existence) it names in
        // an interface that the feature implements.
        noClasses().that().resideInAPackage("io.portcullis.management..")
                .should().dependOnClassesThat(resideInAPackage("io.portcullis..")
                        .and(not(resideInAnyPackage("io.portcullis.management..", "io.portcullis.web..", "io.portcullis.config.."))))
                .check(MAIN);
    }

    /** A dependency that closes a package cycle and is kept on purpose, with the reason. */
    record KnownCycle(String why, DescribedPredicate<JavaClass> origin, DescribedPredicate<JavaClass> target) {}

    static final List<KnownCycle> KNOWN_CYCLES = List.of(
            // application -> clientauth -> (directory ->) application: clientauth and the directory read
            // application's vocabulary (TokenEndpointAuthMethod, GrantType, SecretUsage) and entities,
            // while PUT of an application checks jwksUrl and client keys with clientauth's own rules, so
            // that what the management API accepts is what client authentication will accept.
            new KnownCycle("application's resource checks client keys with clientauth's rules",
                    DescribedPredicate.describe("application.ApplicationsResource",
                            c -> c.getName().startsWith("io.portcullis.application.ApplicationsResource")),
                    DescribedPredicate.describe("clientauth.JwksUrlPolicy and clientauth.AssertionKeyLimits",
                            c -> Set.of("io.portcullis.clientauth.JwksUrlPolicy", "io.portcullis.clientauth.AssertionKeyLimits")
                                    .contains(c.getName().replaceFirst("\\$.*", "")))),
            // signing -> startup -> (directory -> application ->) signing: startup's warm-up loads the key
            // ring, and signing times its start-up key load on startup's timeline (a static clock that
            // depends on nothing).
            new KnownCycle("signing times its start-up phase on StartupTimeline",
                    resideInAPackage("io.portcullis.signing.."),
                    DescribedPredicate.describe("startup.StartupTimeline",
                            c -> c.getName().replaceFirst("\\$.*", "").equals("io.portcullis.startup.StartupTimeline"))));

    static SliceRule packageCycles(List<KnownCycle> exceptions) {
        SliceRule rule = SlicesRuleDefinition.slices().matching("io.portcullis.(*)..").should().beFreeOfCycles();
        for (KnownCycle known : exceptions) {
            rule = rule.ignoreDependency(known.origin(), known.target());
        }
        return rule;
    }

    @Test
    void packagesAreFreeOfCyclesButTheNamedOnes() {
        packageCycles(KNOWN_CYCLES).check(MAIN);
    }

    @Test
    void sharedPackagesDependOnNoFeature() {
        // A feature may use oauth and crypto; they use nothing of Portcullis but configuration.
        noClasses().that().resideInAnyPackage("io.portcullis.oauth..", "io.portcullis.crypto..")
                .should().dependOnClassesThat(resideInAPackage("io.portcullis..")
                        .and(not(resideInAPackage("io.portcullis.oauth..")))
                        .and(not(resideInAPackage("io.portcullis.crypto..")))
                        .and(not(resideInAPackage("io.portcullis.config.."))))
                .check(MAIN);
    }

    @Test
    void resourceMethodsNeverReturnEntities() {
        methods().that().areMetaAnnotatedWith(HttpMethod.class)
                .should(notMention(ENTITIES, "return an @Entity"))
                .check(MAIN);
    }

    @Test
    void tokenPathReadsMemoryNotTheDatabase() {
        // The token endpoint reads the in-memory directory and key ring.
        noClasses().that().resideInAnyPackage("io.portcullis.token..", "io.portcullis.clientauth..", "io.portcullis.oauth..")
                .should().dependOnClassesThat(ENTITIES)
                .orShould().dependOnClassesThat().areAssignableTo(EntityManager.class)
                .orShould().dependOnClassesThat().resideInAPackage("io.quarkus.hibernate.orm.panache..")
                .check(MAIN);
    }

    /** Entities the token endpoint does not read from memory: a write to one changes nothing held there. */
    static final Map<Class<?>, String> NOT_HELD_IN_MEMORY = Map.of(
            Activity.class, "the audit log, read by the management API only");

    static final DescribedPredicate<JavaClass> HELD_IN_MEMORY = DescribedPredicate.describe(
            "@Entity classes whose rows the directory or the key ring hold",
            c -> ENTITIES.test(c) && NOT_HELD_IN_MEMORY.keySet().stream().noneMatch(c::isEquivalentTo));

    @Test
    void everyEntityHeldInMemoryPublishesItsWrites() {
        // A new entity is held in memory unless listed above: it cannot be forgotten silently.
        classes().that(HELD_IN_MEMORY)
                .should().implement(EnvironmentScoped.class)
                .andShould(beListenedToBy(EnvironmentChangeTracker.class))
                .check(MAIN);
    }

    /**
     * The classes that write beside Hibernate's entity writes (native or bulk SQL, JDBC), which no
     * entity listener sees; each says why its writes need no change published, or publishes it itself.
     */
    static final Map<Class<?>, String> WRITES_BESIDE_HIBERNATE = Map.of(
            KeyRotationPolicyRepository.class, "application_signing: calls ChangePublisher.environmentChanged itself",
            ApplicationSecretRepository.class, "last_used_at, which memory does not hold",
            Bootstrap.class, "bootstrap_state and master_key_check, in the transaction that creates the worker application",
            BootstrapState.class, "bootstrap_state, written once in the bootstrap transaction whose new environment and application publish that environment",
            RevocationList.class, "revoked_tokens, read by their own cache",
            ExpiredEntriesPurge.class, "expired rows of the revocation, replay and change lists",
            FailureStore.class, "client authentication failures",
            AssertionReplayStore.class, "client assertion ids seen",
            DevMasterKeys.class, "the development master key");

    /** {@code Query.executeUpdate}, JDBC {@code execute*}, and Panache's delete and update by query. */
    static final DescribedPredicate<JavaMethodCall> WRITE_BESIDE_HIBERNATE = DescribedPredicate.describe(
            "a write Hibernate's entity listeners do not see", ArchitectureTest::writesBesideHibernate);

    static boolean writesBesideHibernate(JavaMethodCall call) {
        JavaClass owner = call.getTargetOwner();
        String name = call.getName();
        if (owner.isAssignableTo(java.sql.Statement.class)) {
            return name.startsWith("execute") && !name.equals("executeQuery");
        }
        if (owner.isAssignableTo(Query.class) || owner.getPackageName().startsWith("org.hibernate.query")) {
            return name.equals("executeUpdate");
        }
        if (owner.isAssignableTo(PanacheRepositoryBase.class) || owner.isAssignableTo(PanacheEntityBase.class)) {
            List<JavaClass> parameters = call.getTarget().getRawParameterTypes();
            return name.equals("update") || name.equals("deleteAll")
                    || name.equals("delete") && !parameters.isEmpty() && parameters.get(0).isEquivalentTo(String.class);
        }
        return false;
    }

    @Test
    void writesBesideHibernateAreListedWithTheirReason() {
        classes().that().resideOutsideOfPackage("io.portcullis.change..")
                .and(DescribedPredicate.describe("not listed in WRITES_BESIDE_HIBERNATE",
                        c -> WRITES_BESIDE_HIBERNATE.keySet().stream().noneMatch(c::isEquivalentTo)))
                .should(notCall(WRITE_BESIDE_HIBERNATE))
                .check(MAIN);
    }

    @Test
    void grantsAndAuthenticatorsLiveInTheirPackages() {
        classes().that().implement(Grant.class).should().resideInAPackage("io.portcullis.token..").check(MAIN);
        classes().that().implement(ClientAuthenticator.class).should().resideInAPackage("io.portcullis.clientauth..").check(MAIN);
    }

    @Test
    void namesSayWhatAThingIs() {
        noClasses().should().haveSimpleNameEndingWith("Utils")
                .orShould().haveSimpleNameEndingWith("Util")
                .orShould().haveSimpleNameEndingWith("Manager")
                .orShould().haveSimpleNameEndingWith("Helper")
                .orShould().haveSimpleNameEndingWith("Helpers")
                .check(MAIN);
    }

    static final java.util.regex.Pattern BROAD_CATCH = java.util.regex.Pattern.compile("catch \\((final )?(Exception|Throwable)\\b");

    @Test
    void noCatchAllThatHidesACause() throws java.io.IOException {
        // Read from the sources: the bytecode of try-with-resources holds compiler-made
        // catch (Throwable) blocks that no one wrote. Catching RuntimeException next to a parser's
        // checked exception (untrusted input) is allowed; catching Exception or Throwable is not.
        List<String> found = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                List<String> lines = java.nio.file.Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (BROAD_CATCH.matcher(lines.get(i)).find()) {
                        found.add(file + ":" + (i + 1));
                    }
                }
            }
        }
        assertThat(found).as("broad catch blocks").isEmpty();
    }


    /**
     * The data-layer classes that may use JDBC ({@code java.sql}, {@code javax.sql}, Agroal, the
     * PostgreSQL driver) or native SQL ({@code createNativeQuery}), each with the reason JPA does not
     * do: one owner per table, and no raw SQL in feature code. Naming {@code SQLException} to read
     * a failure's SQLState is not using JDBC.
     */
    static final Map<Class<?>, String> JDBC_OWNERS = Map.ofEntries(
            Map.entry(ChangeListener.class, "LISTEN needs a connection of its own, outside the pool, kept open"),
            Map.entry(ChangePublisher.class, "pg_notify and the environment_changes stamp (no entity) in the writer's transaction"),
            Map.entry(FailureStore.class, "client_auth_failures: one atomic INSERT ... ON CONFLICT ... RETURNING per failure, on the token path"),
            Map.entry(AssertionReplayStore.class, "client_assertion_jtis: insert-if-absent of a jti on the token path, no JPA session"),
            Map.entry(RevocationList.class, "revoked_tokens: primary-key reads on the token path, no JPA session"),
            Map.entry(ExpiredEntriesPurge.class, "deletes expired environment_changes stamps, a table ChangePublisher writes natively"),
            Map.entry(ApplicationSecretRepository.class, "last use of client secrets written as one JDBC batch"),
            Map.entry(RoleAssignmentRepository.class, "advisory lock: the last organization administrator cannot be removed twice at once"),
            Map.entry(KeyRotationPolicyRepository.class, "FOR UPDATE SKIP LOCKED for due rotations; application_signing has no entity"),
            Map.entry(SigningKeyRepository.class, "keys in use, through application_signing (no entity)"),
            Map.entry(BootstrapState.class, "bootstrap_state, the one row of the first start (no entity)"),
            Map.entry(Bootstrap.class, "advisory lock serialising bootstrapping replicas; master_key_check (no entity)"),
            Map.entry(PingFederateEnvironment.class, "advisory lock serialising replicas that create the PingFederate environment"),
            Map.entry(MasterKeyProvider.class, "dev mode: the master key is produced before JPA can use it (DevMasterKeys)"),
            Map.entry(DevMasterKeys.class, "dev mode: reads and stores the generated master key beside the data, before JPA starts"));

    static final DescribedPredicate<JavaClass> JDBC_OWNER = DescribedPredicate.describe("data-layer owners of JDBC",
            c -> JDBC_OWNERS.keySet().stream().anyMatch(owner -> c.isEquivalentTo(owner)
                    || c.getEnclosingClass().map(e -> e.isEquivalentTo(owner)).orElse(false)));

    static final List<String> JDBC_PACKAGES = List.of("java.sql", "javax.sql", "io.agroal", "org.postgresql");

    /** What the class does with JDBC or native SQL, one line per use; empty when nothing. */
    static List<String> jdbcUses(JavaClass c) {
        List<String> uses = new java.util.ArrayList<>();
        c.getDirectDependenciesFromSelf().stream()
                .filter(d -> JDBC_PACKAGES.stream().anyMatch(p -> d.getTargetClass().getPackageName().startsWith(p)))
                .filter(d -> !d.getTargetClass().isAssignableTo(SQLException.class))
                .forEach(d -> uses.add(d.getDescription()));
        for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
            if (call.getName().equals("createNativeQuery") && call.getTargetOwner().isAssignableTo(EntityManager.class)) {
                uses.add(call.getDescription());
            }
        }
        return uses;
    }

    static final ArchCondition<JavaClass> NOT_USE_JDBC = new ArchCondition<>("not use JDBC or native SQL") {
        @Override
        public void check(JavaClass c, ConditionEvents events) {
            jdbcUses(c).forEach(use -> events.add(SimpleConditionEvent.violated(c, use)));
        }
    };

    @Test
    void onlyDataLayerOwnersUseJdbc() {
        classes().that(not(JDBC_OWNER)).should(NOT_USE_JDBC).check(MAIN);
    }

    @Test
    void everyJdbcOwnerStillNeedsIt() {
        // An owner that no longer uses JDBC leaves the list, so that the list says what is true.
        for (Class<?> owner : JDBC_OWNERS.keySet()) {
            JavaClass c = MAIN.get(owner);
            List<String> uses = new java.util.ArrayList<>(jdbcUses(c));
            MAIN.stream().filter(n -> n.getEnclosingClass().map(e -> e.isEquivalentTo(owner)).orElse(false))
                    .forEach(n -> uses.addAll(jdbcUses(n)));
            assertThat(uses).as(owner.getSimpleName() + " uses JDBC or native SQL").isNotEmpty();
        }
    }

    @Test
    void scheduledMethodsAreBackgroundJobs() {
        // jobs/BackgroundJobs waits at shutdown only for the runs it counts.
        methods().that().areAnnotatedWith(Scheduled.class).should().beAnnotatedWith(BackgroundJob.class).check(MAIN);
    }

    // --- the predicates themselves, so that a rule cannot pass by matching nothing ---

    // Plain classes without JAX-RS or JPA annotations: Quarkus indexes test classes too, and must not
    // serve or map these.
    static class SampleReturns {
        Environment one() {
            return null;
        }

        Optional<List<Environment>> many() {
            return Optional.empty();
        }

        String none() {
            return "";
        }
    }



    // Plain classes: the JDBC rule must see a connection and a native query, and let an SQLException pass.
    static class SampleJdbcUse {
        boolean open(javax.sql.DataSource dataSource) throws SQLException {
            try (Connection connection = dataSource.getConnection()) {
                return connection.isValid(1);
            }
        }

        Object nativeQuery(EntityManager entityManager) {
            return entityManager.createNativeQuery("select 1").getSingleResult();
        }
    }

    static class SampleSqlStateOnly {
        String state(SQLException e) {
            return e.getSQLState();
        }
    }

    /** Writes an entity listener does not see. */
    static class SampleWrites {
        void bulk(ResourceRepository resources, EntityManager entityManager, java.sql.Connection connection)
                throws java.sql.SQLException {
            resources.delete("id = ?1", UUID.randomUUID());
            resources.update("name = 'x'");
            entityManager.createNativeQuery("delete from resources").executeUpdate();
            connection.createStatement().executeUpdate("delete from resources");
        }

        void seen(ResourceRepository resources, EntityManager entityManager) {
            resources.delete(resources.findById(UUID.randomUUID()));
            entityManager.createNativeQuery("select 1").getResultList();
        }
    }

    @Test
    void predicatesRecogniseWhatTheyDescribe() {
        assertThat(isManagementPath("/v1/environments")).isTrue();
        assertThat(isManagementPath("v1/environments/{envID}/applications")).isTrue();
        assertThat(isManagementPath("/v1")).isTrue();
        assertThat(isManagementPath("/v10/environments")).isFalse();
        assertThat(isManagementPath("/{envID}/as/token")).isFalse();
        assertThat(MANAGEMENT_RESOURCES.test(MAIN.get(TokenResource.class))).isFalse();
        assertThat(ENTITIES.test(MAIN.get(Environment.class))).isTrue();
        assertThat(ENTITIES.test(MAIN.get(TokenResource.class))).isFalse();

        JavaClasses samples = new ClassFileImporter().importClasses(SampleReturns.class);
        assertThat(methods().should(notMention(ENTITIES, "return an @Entity")).evaluate(samples)
                .getFailureReport().getDetails()).hasSize(2);
        assertThat(BROAD_CATCH.matcher("} catch (Exception e) {").find()).isTrue();
        assertThat(BROAD_CATCH.matcher("} catch (final Throwable t) {").find()).isTrue();
        assertThat(BROAD_CATCH.matcher("} catch (JoseException | RuntimeException e) {").find()).isFalse();
        assertThat(HELD_IN_MEMORY.test(MAIN.get(Environment.class))).isTrue();
        assertThat(HELD_IN_MEMORY.test(MAIN.get(Activity.class))).isFalse();
        assertThat(classes().that().belongToAnyOf(Activity.class).should(beListenedToBy(EnvironmentChangeTracker.class))
                .evaluate(MAIN).hasViolation()).isTrue();
        assertThat(classes().that().belongToAnyOf(Environment.class).should(beListenedToBy(EnvironmentChangeTracker.class))
                .evaluate(MAIN).hasViolation()).isFalse();
        JavaClasses writes = new ClassFileImporter().importClasses(SampleWrites.class);
        assertThat(classes().should(notCall(WRITE_BESIDE_HIBERNATE)).evaluate(writes)
                .getFailureReport().getDetails()).hasSize(4);
        assertThat(MAIN.contain(TokenResource.class)).isTrue();
        assertThat(MAIN.contain(SampleReturns.class)).as("test classes are not imported").isFalse();

        Set<String> slices = Slices.matching("io.portcullis.(*)..").transform(MAIN).stream()
                .map(slice -> slice.getDescription()).collect(Collectors.toSet());
        assertThat(slices).contains("Slice web", "Slice management", "Slice audit", "Slice bootstrap", "Slice application");
        assertThat(MANAGEMENT_ADAPTERS.test(MAIN.get(io.portcullis.revocation.ActiveManagementTokens.class))).isTrue();
        assertThat(MANAGEMENT_ADAPTERS.test(MAIN.get(io.portcullis.revocation.ActiveTokens.class))).isFalse();
        // Each named cycle is still there: without its exception the rule fails (drop the exception
        // once the cycle is gone).
        for (KnownCycle known : KNOWN_CYCLES) {
            List<KnownCycle> others = KNOWN_CYCLES.stream().filter(k -> k != known).toList();
            assertThat(packageCycles(others).evaluate(MAIN).hasViolation()).as(known.why()).isTrue();
        }
        JavaClasses jdbcSamples = new ClassFileImporter().importClasses(SampleJdbcUse.class, SampleSqlStateOnly.class);
        assertThat(jdbcUses(jdbcSamples.get(SampleJdbcUse.class)))
                .anyMatch(use -> use.contains("java.sql.Connection"))
                .anyMatch(use -> use.contains("javax.sql.DataSource"))
                .anyMatch(use -> use.contains("createNativeQuery"));
        assertThat(jdbcUses(jdbcSamples.get(SampleSqlStateOnly.class))).isEmpty();
        assertThat(classes().should(NOT_USE_JDBC).evaluate(jdbcSamples).getFailureReport().getDetails())
                .isNotEmpty().allMatch(line -> line.contains(SampleJdbcUse.class.getName()));
        assertThat(JDBC_OWNER.test(MAIN.get(FailureStore.class))).isTrue();
        assertThat(JDBC_OWNER.test(MAIN.get(TokenResource.class))).isFalse();
    }

    /** Annotated {@code @EntityListeners} naming this listener. */
    private static ArchCondition<JavaClass> beListenedToBy(Class<?> listener) {
        return new ArchCondition<>("be annotated @EntityListeners(" + listener.getSimpleName() + ".class)") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                boolean listened = c.tryGetAnnotationOfType(EntityListeners.class)
                        .map(a -> Arrays.asList(a.value()).contains(listener)).orElse(false);
                if (!listened) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " has no @EntityListeners(" + listener.getSimpleName() + ".class)"));
                }
            }
        };
    }

    private static ArchCondition<JavaClass> notCall(DescribedPredicate<JavaMethodCall> calls) {
        return new ArchCondition<>("not make " + calls.getDescription()) {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                c.getMethodCallsFromSelf().stream().filter(calls).forEach(call -> events.add(
                        SimpleConditionEvent.violated(call, call.getDescription())));
            }
        };
    }

    /** The return type, type arguments included ({@code List<Entity>}, {@code Optional<Entity>}), names none of these. */
    private static ArchCondition<JavaMethod> notMention(DescribedPredicate<JavaClass> types, String what) {
        return new ArchCondition<>("not " + what) {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                method.getReturnType().getAllInvolvedRawTypes().stream().filter(types).forEach(type -> events.add(
                        SimpleConditionEvent.violated(method, method.getFullName() + " returns " + type.getName())));
            }
        };
    }
}
