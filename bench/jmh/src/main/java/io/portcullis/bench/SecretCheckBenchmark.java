package io.portcullis.bench;

import io.portcullis.directory.SecretView;
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

/** Client secret check: HMAC-SHA256 of the presented secret and a constant-time compare. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SecretCheckBenchmark {

    TokenPath path;
    String wrong;

    @Setup
    public void setUp() throws Exception {
        path = new TokenPath("ES256", "jdk");
        wrong = path.secret.substring(1) + "x";
    }

    @Benchmark
    public SecretView rightSecret() {
        return path.verifier.match(path.secret, path.client);
    }

    @Benchmark
    public SecretView wrongSecret() {
        return path.verifier.match(wrong, path.client);
    }

    @Benchmark
    public SecretView unknownClient() {
        return path.verifier.match(path.secret, null);
    }
}
