package io.portcullis.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A database of its own for one test profile, reached through a {@link TcpProxy} that the test can
 * cut and restore. Ordered after {@link TestDatabase}, so that its datasource URL is the one used.
 */
public class ProxiedDatabase implements QuarkusTestResourceLifecycleManager {

    /** The proxy of the running profile; the test cuts and restores it. */
    public static volatile TcpProxy proxy;

    private final TestDatabase database = new TestDatabase();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new java.util.HashMap<>(database.start());
        proxy = new TcpProxy(TestDatabase.host(), Integer.parseInt(TestDatabase.port()));
        String direct = config.get("quarkus.datasource.jdbc.url");
        String name = direct.substring(direct.lastIndexOf('/') + 1);
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + name);
        return config;
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        database.stop();
    }

    @Override
    public int order() {
        return 100;
    }
}
