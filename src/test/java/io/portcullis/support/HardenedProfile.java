package io.portcullis.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * One application for the brute-force and secret-leak tests: small brute-force limits with a
 * refresh the test drives itself, source addresses from X-Forwarded-For set by a trusted proxy
 * (loopback), a master key the test knows, and every log line (DEBUG for Portcullis, the access log too) written to a file.
 */
public class HardenedProfile implements QuarkusTestProfile {

    public static final int CLIENT_LIMIT = 3;
    public static final int ADDRESS_LIMIT = 6;
    /** The file every log line of this application goes to; one per test JVM. */
    public static final Path LOG_FILE = Path.of("target", "hardened-" + ProcessHandle.current().pid() + ".log");
    /** The master key of this application, so that the log can be searched for it. */
    public static final String MASTER_KEY = newMasterKey();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("portcullis.brute-force.client.max-failures", String.valueOf(CLIENT_LIMIT)),
                Map.entry("portcullis.brute-force.address.max-failures", String.valueOf(ADDRESS_LIMIT)),
                Map.entry("portcullis.brute-force.refresh-interval", "1h"),
                Map.entry("quarkus.http.proxy.proxy-address-forwarding", "true"),
                Map.entry("quarkus.http.proxy.allow-x-forwarded", "true"),
                // the test client is the trusted proxy, as an Ingress controller is in deploy/
                Map.entry("quarkus.http.proxy.trusted-proxies", "127.0.0.0/8,::1/128"),
                Map.entry("portcullis.master-key", MASTER_KEY),
                Map.entry("quarkus.log.file.enabled", "true"),
                Map.entry("quarkus.log.file.path", LOG_FILE.toString()),
                Map.entry("quarkus.log.file.level", "ALL"),
                Map.entry("quarkus.log.category.\"io.portcullis\".level", "DEBUG"),
                Map.entry("quarkus.http.access-log.enabled", "true"),
                Map.entry("quarkus.http.access-log.pattern", "combined"));
    }

    private static String newMasterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
