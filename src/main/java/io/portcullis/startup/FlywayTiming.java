package io.portcullis.startup;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.util.Arrays;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Times Flyway at start: from its configuration to the end of validate and migrate. Flyway's
 * start is also the first point where the warm-up can begin ({@link WarmUp#begin}).
 */
@Singleton
public class FlywayTiming implements FlywayConfigurationCustomizer {

    static final String PHASE = "flyway";

    private final WarmUp warmUp;

    public FlywayTiming(WarmUp warmUp) {
        this.warmUp = warmUp;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        StartupTimeline.begin(PHASE);
        warmUp.begin();
        Callback[] callbacks = Arrays.copyOf(configuration.getCallbacks(), configuration.getCallbacks().length + 1);
        callbacks[callbacks.length - 1] = new EndOfMigrate();
        configuration.callbacks(callbacks);
    }

    /** Marks the end of the phase when migrate (which validates first) is done. */
    static final class EndOfMigrate implements Callback {
        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.AFTER_MIGRATE || event == Event.AFTER_MIGRATE_ERROR;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            StartupTimeline.end(PHASE);
            StartupTimeline.begin(HibernateTiming.PHASE);
        }

        @Override
        public String getCallbackName() {
            return "portcullis-startup-timeline";
        }
    }
}
