package io.portcullis.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
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

/**
 * The signature of a token's signing input, per algorithm and provider: through the key's
 * per-thread Signature (what the service does), and with a new Signature and initSign per token.
 * Compare with {@code openssl speed rsa2048 ecdsap256} (one core) or with {@code -t 2 -multi 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SigningBenchmark {

    @Param({"RS256", "ES256"})
    public String alg;

    @Param({"jdk", "corretto"})
    public String provider;

    TokenPath path;
    byte[] input;

    @Setup
    public void setUp() throws Exception {
        path = new TokenPath(alg, provider);
        // A signing input of a typical token's length.
        input = (path.key.encodedHeader() + "." + path.signer.encodedPayload(path.issuer.claims(path.client, path.resolution())))
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Benchmark
    public byte[] reusedSignature() throws GeneralSecurityException {
        return path.key.signatures().sign(input);
    }

    @Benchmark
    public byte[] newSignaturePerToken() throws GeneralSecurityException {
        Signature signature = path.provider.signature(path.key.algorithm());
        signature.initSign(path.key.privateKey());
        signature.update(input);
        return signature.sign();
    }
}
