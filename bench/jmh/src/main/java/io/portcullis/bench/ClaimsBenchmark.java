package io.portcullis.bench;

import io.portcullis.token.ScopeResolution;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Everything of a token but the signature: scope resolution, the claims, their JSON in base64url. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClaimsBenchmark {

    TokenPath path;
    ScopeResolution resolution;

    @Setup
    public void setUp() throws Exception {
        path = new TokenPath("ES256", "jdk");
        resolution = path.resolution();
    }

    @Benchmark
    public ScopeResolution scopeResolution() {
        return path.resolution();
    }

    @Benchmark
    public String claimsAndJson() {
        return path.signer.encodedPayload(path.issuer.claims(path.client, resolution));
    }
}
