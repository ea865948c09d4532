package io.portcullis.bench;

import io.portcullis.token.ScopeResolution;
import io.portcullis.token.TokenResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** A whole token without HTTP: secret check, scope resolution, claims, JSON and signature. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class IssueBenchmark {

    @Param({"RS256", "ES256"})
    public String alg;

    @Param({"jdk", "corretto"})
    public String provider;

    TokenPath path;

    @Setup
    public void setUp() throws Exception {
        path = new TokenPath(alg, provider);
    }

    @Benchmark
    public TokenResponse issue() {
        if (path.verifier.match(path.secret, path.client) == null) {
            throw new IllegalStateException("the secret does not match");
        }
        ScopeResolution resolution = path.resolution();
        return path.issuer.issue(path.client, resolution);
    }
}
