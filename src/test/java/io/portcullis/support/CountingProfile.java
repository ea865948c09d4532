package io.portcullis.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Set;

/** An application whose client assertion checks are counted ({@link CountingClientKeySets}, {@link CountingAssertionReplayStore}). */
public class CountingProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(CountingClientKeySets.class, CountingAssertionReplayStore.class);
    }
}
