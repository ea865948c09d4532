package io.portcullis.startup;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;

/**
 * Times Hibernate ORM at start: from the end of Flyway (Hibernate waits for the schema) to its
 * session factory being ready. Registered in META-INF/services.
 */
public class HibernateTiming implements Integrator {

    static final String PHASE = "hibernate";

    @Override
    public void integrate(Metadata metadata, BootstrapContext context, SessionFactoryImplementor sessionFactory) {
        sessionFactory.addObserver(new Ready());
    }

    /** Ends the phase once the session factory is built, and lets the warm-up parse its queries. */
    static final class Ready implements SessionFactoryObserver {
        @Override
        public void sessionFactoryCreated(SessionFactory factory) {
            StartupTimeline.end(PHASE);
            InstanceHandle<WarmUp> warmUp = Arc.container() == null ? null : Arc.container().instance(WarmUp.class);
            if (warmUp != null && warmUp.isAvailable()) {
                warmUp.get().sessionFactoryBuilt(factory);
            }
        }
    }
}
