package io.portcullis.pingfederate;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.environment.EnvironmentService;
import io.portcullis.resource.ResourceRepository;
import io.portcullis.resource.ResourceService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.NotFoundException;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The environment behind the PingFederate face ({@code portcullis.pingfederate.environment-id}):
 * created at start-up when absent, with the default JWT access token manager, so that a fresh
 * installation can be configured through the PingFederate admin API alone.
 */
@ApplicationScoped
public class PingFederateEnvironment {

    private static final Logger LOG = Logger.getLogger(PingFederateEnvironment.class);
    /** Arbitrary, fixed: serialises instances that create the environment together. */
    static final long LOCK_KEY = 0x50696e67_46656465L; // "PingFede"
    /** The access token manager every PingFederate environment starts with. */
    public static final String DEFAULT_ACCESS_TOKEN_MANAGER = "default";
    /** PingFederate's default JWT token lifetime: 120 minutes. */
    public static final int DEFAULT_LIFETIME_MINUTES = 120;

    private final PortcullisConfig.PingFederate config;
    private final EntityManager entityManager;
    private final EnvironmentService environments;
    private final ResourceService resources;
    private final ResourceRepository resourceRepository;

    public PingFederateEnvironment(PortcullisConfig config, EntityManager entityManager, EnvironmentService environments,
            ResourceService resources, ResourceRepository resourceRepository) {
        this.config = config.pingfederate();
        this.entityManager = entityManager;
        this.environments = environments;
        this.resources = resources;
        this.resourceRepository = resourceRepository;
    }

    /** After bootstrap (which runs at APPLICATION priority): the master key has been checked by then. */
    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            ensureExists();
        }
    }

    /** Creates the environment and its default access token manager unless the environment exists. */
    @Transactional
    public void ensureExists() {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, LOCK_KEY).getSingleResult();
        UUID id = config.environmentId();
        if (environments.find(id).isPresent()) {
            return;
        }
        environments.create(id, config.environmentName(), "Served at PingFederate's paths on the server root");
        if (resourceRepository.listByEnvironment(id).isEmpty()) {
            resources.create(id, DEFAULT_ACCESS_TOKEN_MANAGER, null, DEFAULT_LIFETIME_MINUTES * 60, "Default JWT");
        }
        LOG.infof("Created the PingFederate environment %s (%s)", id, config.environmentName());
    }

    /** The environment's id; 404 when the face is turned off. */
    public UUID id() {
        if (!config.enabled()) {
            throw new NotFoundException();
        }
        return config.environmentId();
    }
}
