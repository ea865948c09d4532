package io.portcullis.signing;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The keys of one environment as held in memory: the signer and the published set. */
public record EnvironmentKeys(Optional<ActiveKey> signer, List<ActiveKey> published, Map<String, Object> jwks) {}
