package io.portcullis.token;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Every {@link Grant} bean by its {@code grant_type} wire name; two for one name fail start-up. */
@Singleton
public class Grants {

    private final Map<String, Grant> byWireName;

    public Grants(Instance<Grant> beans) {
        Map<String, Grant> map = new HashMap<>();
        for (Grant grant : beans) {
            if (map.put(grant.type().wireName(), grant) != null) {
                throw new IllegalStateException("two grants for grant_type " + grant.type().wireName());
            }
        }
        this.byWireName = Map.copyOf(map);
    }

    public Optional<Grant> forGrantType(String grantType) {
        return Optional.ofNullable(byWireName.get(grantType));
    }

    public java.util.Set<String> supported() {
        return byWireName.keySet();
    }
}
