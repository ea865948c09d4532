package io.portcullis.bootstrap;

import io.portcullis.application.Application;
import io.portcullis.application.ApplicationService;
import io.portcullis.application.ApplicationType;
import io.portcullis.application.GrantType;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.audit.AuditLog;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.crypto.MasterKey;
import io.portcullis.crypto.SecretGenerator;
import io.portcullis.environment.AdministratorsEnvironment;
import io.portcullis.environment.BootstrapState;
import io.portcullis.environment.Environment;
import io.portcullis.environment.EnvironmentService;
import io.portcullis.management.Caller;
import io.portcullis.startup.StartupTimeline;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * First start on an empty database: checks the master key, then creates the administrators'
 * environment and its worker application with the ORGANIZATION_ADMIN role. A PostgreSQL advisory
 * lock serialises instances that start together, so exactly one of them bootstraps.
 */
@ApplicationScoped
public class Bootstrap implements AdministratorsEnvironment {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class);
    /** Arbitrary, fixed: the advisory lock key that serialises bootstrapping instances. */
    static final long LOCK_KEY = 0x506f7274_63756c6cL; // "Portcull"
    static final byte[] CHECK_PLAINTEXT = "portcullis master key check".getBytes(StandardCharsets.UTF_8);
    static final String CHECK_CONTEXT = "master_key_check";
    /** Dev mode only: the bootstrap values as shell variables, readable by the checkout's owner only. */
    static final Path DEV_CREDENTIALS_FILE = Path.of(".portcullis", "bootstrap.env");

    private final PortcullisConfig config;
    private final EntityManager entityManager;
    private final EnvironmentService environments;
    private final ApplicationService applications;
    private final MasterKey masterKey;
    private final AuditLog audit;
    private final BootstrapState state;
    private final Clock clock;

    public Bootstrap(
            PortcullisConfig config,
            EntityManager entityManager,
            EnvironmentService environments,
            ApplicationService applications,
            MasterKey masterKey,
            AuditLog audit,
            BootstrapState state,
            Clock clock) {
        this.config = config;
        this.entityManager = entityManager;
        this.environments = environments;
        this.applications = applications;
        this.masterKey = masterKey;
        this.audit = audit;
        this.state = state;
        this.clock = clock;
    }

    /**
     * Runs before the other start-up observers (their default priority is APPLICATION + 500): when
     * the master key does not fit the database, start-up stops here, before any background thread
     * (change listener, lockout refresh, purges) is started against it.
     */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        StartupTimeline.time("bootstrap", () -> {
            run();
            return null;
        });
    }

    /** Idempotent: does nothing on a database that is already bootstrapped. */
    @Transactional
    public void run() {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, LOCK_KEY).getSingleResult();
        checkMasterKey();
        if (state.exists()) {
            return;
        }
        var bootstrap = config.bootstrap();
        Environment environment = environments.create(
                bootstrap.environmentId().orElse(null), bootstrap.environmentName(), "Administrators of this Portcullis installation");

        String configuredSecret = bootstrap.clientSecret().orElse(null);
        if (configuredSecret != null && !SecretGenerator.isWellFormed(configuredSecret)) {
            throw new IllegalStateException("PORTCULLIS_BOOTSTRAP_CLIENT_SECRET must be at least "
                    + SecretGenerator.LENGTH + " characters of A-Za-z0-9-._~");
        }
        Application worker = applications.create(environment.id, new ApplicationService.NewApplication(
                bootstrap.clientId().orElse(null),
                "Bootstrap administrator",
                "Created at first start; holds ORGANIZATION_ADMIN",
                ApplicationType.WORKER,
                Set.of(GrantType.CLIENT_CREDENTIALS),
                TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
                true), configuredSecret);
        var role = applications.assignRole(environment.id, worker.id, "ORGANIZATION_ADMIN", "ORGANIZATION", null);
        state.record(environment.id, worker.id, clock.instant());

        // The installation acts for itself here: the worker it creates is the actor of record.
        Caller installation = new Caller(worker.id, environment.id, List.of());
        audit.record(installation, environment.id, "ENVIRONMENT", "BOOTSTRAPPED", environment.id,
                "first start: administrators' environment with worker application " + worker.id);
        audit.record(installation, environment.id, "ROLE_ASSIGNMENT", "CREATED", role.id,
                "ORGANIZATION_ADMIN on ORGANIZATION to application " + worker.id + " (bootstrap)");

        LOG.infof("Bootstrapped environment %s with worker application (client_id) %s", environment.id, worker.id);
        String secret = configuredSecret;
        if (configuredSecret == null) {
            // Printed once, like Keycloak's bootstrap admin: the operator copies it now or rotates it later.
            secret = applications.currentSecret(worker.id).orElseThrow();
            LOG.warnf("Bootstrap client secret (shown once, store it now): %s", secret);
        }
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT) {
            writeDevCredentials(environment.id, worker.id, secret);
        }
    }

    /**
     * Dev mode only: the console scrolls or is redirected, so the bootstrap values also go to a file
     * of the checkout (0600), in the variable names of README's walk-through.
     */
    private static void writeDevCredentials(UUID environmentId, UUID clientId, String secret) {
        String content = "ADMIN_ENV=" + environmentId + "\nADMIN_ID=" + clientId + "\nADMIN_SECRET=" + secret + "\n";
        try {
            Files.createDirectories(DEV_CREDENTIALS_FILE.getParent());
            Files.deleteIfExists(DEV_CREDENTIALS_FILE);
            Files.createFile(DEV_CREDENTIALS_FILE, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(DEV_CREDENTIALS_FILE, content, StandardOpenOption.TRUNCATE_EXISTING);
            LOG.infof("Bootstrap values also written to %s (dev mode only): source it before README's walk-through",
                    DEV_CREDENTIALS_FILE.toAbsolutePath());
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warnf("Could not write the bootstrap values to %s: %s", DEV_CREDENTIALS_FILE, e.getMessage());
        }
    }

    private void checkMasterKey() {
        var rows = entityManager.createNativeQuery("select ciphertext from master_key_check where id = 1").getResultList();
        if (rows.isEmpty()) {
            entityManager.createNativeQuery("insert into master_key_check (id, ciphertext, created_at) values (1, ?1, ?2)")
                    .setParameter(1, masterKey.seal(CHECK_PLAINTEXT, CHECK_CONTEXT))
                    .setParameter(2, Instant.now(clock))
                    .executeUpdate();
            return;
        }
        try {
            masterKey.open((byte[]) rows.get(0), CHECK_CONTEXT);
        } catch (MasterKey.WrongMasterKeyException e) {
            throw new IllegalStateException(wrongKeyMessage(LaunchMode.current()));
        }
    }

    /** Says what to do about it, for the way the service was started. */
    static String wrongKeyMessage(LaunchMode mode) {
        String refusal = "PORTCULLIS_MASTER_KEY is not the key this database was encrypted with; refusing to start. ";
        if (mode == LaunchMode.DEVELOPMENT) {
            return refusal + "Dev mode keeps its own key in the dev database: unset PORTCULLIS_MASTER_KEY, or start the "
                    + "development data over (psql -h ${PGHOST:-127.0.0.1} -U ${PGUSER:-postgres} -d ${PGDATABASE:-postgres} "
                    + "-c 'DROP SCHEMA portcullis CASCADE').";
        }
        return refusal + "Give the key this database was created with (the master key is backed up apart from the "
                + "database, see docs/operations.md, \"Master key\"), or point QUARKUS_DATASOURCE_JDBC_URL at the "
                + "database this key belongs to.";
    }

    /** The administrators' environment, if bootstrapped. */
    @Override
    @Transactional
    public java.util.Optional<UUID> bootstrapEnvironmentId() {
        return state.environmentId();
    }

    /** The UUID of the bootstrap worker, if bootstrapped. */
    public UUID bootstrapClientId() {
        return state.applicationId().orElse(null);
    }
}
