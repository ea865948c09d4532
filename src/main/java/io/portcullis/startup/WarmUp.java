package io.portcullis.startup;

import io.portcullis.config.PortcullisConfig;
import io.portcullis.directory.Directory;
import io.portcullis.environment.BootstrapState;
import io.portcullis.signing.AccessTokenSigner;
import io.portcullis.signing.KeyRing;
import io.portcullis.signing.SigningProvider;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Once the service listens, loads on a background thread what the first token request would
 * otherwise load itself: the signing provider (its native library and self-tests), the set of
 * environments, and the administrators' environment with its keys and one throwaway signature
 * (never sent), which also prepares the queries and code that any environment's first load and
 * first token use. A request that arrives meanwhile waits for the same load, never repeats it.
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

    /** After the other start-up observers (default priority APPLICATION + 500). */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        StartupTimeline.log("Start-up");
        if (!config.startup().warmUp()) {
            StartupTimeline.close();
            return;
        }
        Thread.ofPlatform().name("portcullis-warm-up").daemon().start(this::run);
    }

    void run() {
        try {
            StartupTimeline.time("signing provider", () -> signingProvider.get().nativeProvider());
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
        } finally {
            StartupTimeline.log("Warm-up");
            StartupTimeline.close();
        }
    }
}
