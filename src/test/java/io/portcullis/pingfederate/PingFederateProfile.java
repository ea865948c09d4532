package io.portcullis.pingfederate;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The application with its PingFederate face on (tests turn it off elsewhere) and a small client lockout limit. */
public class PingFederateProfile implements QuarkusTestProfile {

    public static final int CLIENT_LIMIT = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "portcullis.pingfederate.enabled", "true",
                "portcullis.brute-force.client.max-failures", String.valueOf(CLIENT_LIMIT));
    }
}
