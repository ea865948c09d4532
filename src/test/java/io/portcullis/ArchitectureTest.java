package io.portcullis;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import io.portcullis.admin.Activity;
import io.portcullis.admin.Bootstrap;
import io.portcullis.application.ApplicationSecretRepository;
import io.portcullis.change.EnvironmentChangeTracker;
import io.portcullis.change.EnvironmentScoped;
import io.portcullis.clientauth.AssertionReplayStore;
import io.portcullis.clientauth.ClientAuthenticator;
import io.portcullis.clientauth.FailureStore;
import io.portcullis.crypto.DevMasterKeys;
import io.portcullis.environment.Environment;
import io.portcullis.resource.ResourceRepository;
import io.portcullis.revocation.ExpiredEntriesPurge;
import io.portcullis.revocation.RevocationList;
import io.portcullis.signing.KeyRotationPolicyRepository;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Keeps CONVENTIONS.md's package rules true of the main classes. */
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

    @Test
    void tokenNeverUsesTheManagementApi() {
        noClasses().that().resideInAPackage("io.portcullis.token..")
                .should().dependOnClassesThat(resideInAPackage("io.portcullis.admin..").or(MANAGEMENT_RESOURCES))
                .check(MAIN);
    }

    @Test
    void onlyManagementResourcesUseAdmin() {
        noClasses().that().resideOutsideOfPackage("io.portcullis.admin..").and(not(MANAGEMENT_RESOURCES))
                .should().dependOnClassesThat().resideInAPackage("io.portcullis.admin..")
                .check(MAIN);
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
        // CONVENTIONS.md habit 9: the token endpoint reads the in-memory directory and key ring.
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
