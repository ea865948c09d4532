package io.portcullis.startup;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.directory.Directory;
import io.portcullis.directory.DirectoryLoader;
import io.portcullis.environment.BootstrapState;
import io.portcullis.signing.AccessTokenSigner;
import io.portcullis.signing.KeyRing;
import io.portcullis.signing.SigningProvider;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.jboss.logging.Logger;

/**
 * Loads on a background thread what the first token request would otherwise load itself: the
 * signing provider (its native library and self-tests) as soon as Flyway starts (it needs neither
 * the database nor the bootstrap, so it runs beside Flyway and Hibernate ORM instead of after
 * them), then, as soon as Hibernate ORM's session factory exists, the parse of every query an
 * environment's load runs (beside the rest of the start: it needs no data), then, once the
 * start-up observers are done, the set of environments and the
 * administrators' environment with its keys and one throwaway signature (never sent), which also
 * prepares the queries and code that any environment's first load and first token use. A
 * request that arrives meanwhile waits for the same load, never repeats it.
 */
@Singleton
public class WarmUp {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);

    private final PortcullisConfig config;
    private final Instance<SigningProvider> signingProvider;
    private final Instance<Directory> directory;
    private final Instance<KeyRing> keyRing;
    private final Instance<AccessTokenSigner> signer;
    private final Instance<BootstrapState> bootstrap;
    private final AtomicBoolean begun = new AtomicBoolean();
    /** Released when the start-up observers (the bootstrap among them) are done, or at shutdown. */
    private final CountDownLatch started = new CountDownLatch(1);
    /** Released when Hibernate ORM's session factory is built, or by whatever releases {@link #started}. */
    private final CountDownLatch sessionFactoryBuilt = new CountDownLatch(1);
    private volatile SessionFactory sessionFactory;
    private volatile boolean stopping;

    public WarmUp(
            PortcullisConfig config,
            Instance<SigningProvider> signingProvider,
            Instance<Directory> directory,
            Instance<KeyRing> keyRing,
            Instance<AccessTokenSigner> signer,
            Instance<BootstrapState> bootstrap) {
        this.config = config;
        this.signingProvider = signingProvider;
        this.directory = directory;
        this.keyRing = keyRing;
        this.signer = signer;
        this.bootstrap = bootstrap;
    }

    /**
     * Starts the warm-up thread, once; called when Flyway starts ({@link FlywayTiming}), the first
     * point of the start where CDI and the run-time configuration are there, and at the latest
     * by {@link #onStart}.
     */
    void begin() {
        if (config.startup().warmUp() && begun.compareAndSet(false, true)) {
            Thread.ofPlatform().name("portcullis-warm-up").daemon().start(this::run);
        }
    }

    /** Called by {@link HibernateTiming} once the session factory is built, on the thread building it. */
    void sessionFactoryBuilt(SessionFactory factory) {
        sessionFactory = factory;
        sessionFactoryBuilt.countDown();
    }

    /** After the other start-up observers (default priority APPLICATION + 500). */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        StartupTimeline.log("Start-up");
        if (!config.startup().warmUp()) {
            StartupTimeline.close();
            return;
        }
        begin();
        sessionFactoryBuilt.countDown();
        started.countDown();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        sessionFactoryBuilt.countDown();
        started.countDown();
    }

    void run() {
        try {
            long began = System.nanoTime();
            signingProvider.get().nativeProvider();
            long providerMillis = (System.nanoTime() - began) / 1_000_000;
            sessionFactoryBuilt.await();
            long queriesMillis = prepareQueries();
            started.await();
            if (stopping) {
                return;
            }
            // Recorded now, so that they are reported on the "Warm-up" line, not the "Start-up" one.
            StartupTimeline.record("signing provider", providerMillis);
            if (queriesMillis >= 0) {
                StartupTimeline.record("queries", queriesMillis);
            }
            Optional<UUID> administrators = StartupTimeline.time("directory", () -> {
                Optional<UUID> id = bootstrap.get().environmentId();
                id.ifPresent(directory.get()::environment);
                return id;
            });
            administrators.ifPresent(id -> StartupTimeline.time("signing keys", () -> {
                keyRing.get().keysOf(id).signer().ifPresent(key -> signer.get().sign(key, Map.of("warm-up", true)));
                return null;
            }));
        } catch (RuntimeException e) {
            // Nothing is lost: the first requests load whatever is missing.
            LOG.warnf("Warm-up stopped early: %s", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            StartupTimeline.log("Warm-up");
            StartupTimeline.close();
        }
    }

    /** Parses the directory's queries into Hibernate's cache; its time in ms, or -1 when it did not run. */
    private long prepareQueries() {
        SessionFactory factory = sessionFactory;
        if (factory == null || stopping) {
            return -1;
        }
        long began = System.nanoTime();
        try (Session session = factory.openSession()) {
            DirectoryLoader.prepareQueries(session);
        }
        return (System.nanoTime() - began) / 1_000_000;
    }
}
