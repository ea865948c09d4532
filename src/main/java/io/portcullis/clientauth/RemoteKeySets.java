package io.portcullis.clientauth;

import io.portcullis.config.PortcullisConfig;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * Client key sets published at an https {@code jwksUrl} (RFC 7517 §5), fetched so that no URL can
 * hold the service up: on threads of their own, one fetch per URL at a time whatever the number of
 * requests waiting for it, within one overall deadline ({@code jwks-fetch-timeout}: look-up,
 * connection, TLS and response together), at most {@link #MAX_JWKS_BYTES}, no redirects, and only to
 * addresses {@link JwksUrlPolicy} allows (checked on the address connected to, so that DNS cannot
 * point a checked name elsewhere). A set is cached for {@code jwks-cache-duration}; a failure is
 * remembered for {@link #FAILURE_BACKOFF}, answering at once meanwhile; and at most
 * {@link #MAX_WAITING} requests wait for fetches at any moment, the others are refused at once.
 */
@Singleton
public class RemoteKeySets {

    private static final Logger LOG = Logger.getLogger(RemoteKeySets.class);
    static final int MAX_JWKS_BYTES = 64 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final Duration FAILURE_BACKOFF = Duration.ofSeconds(30);
    static final Duration KID_MISS_REFETCH = Duration.ofSeconds(30);
    static final int MAX_WAITING = 8;
    static final int MAX_FETCHING = 16;
    /** Bounds the cache: past this many URLs it is emptied and refilled on use. */
    static final int MAX_ENTRIES = 10_000;

    private final PortcullisConfig.ClientAssertion config;
    private final JwksUrlPolicy policy;
    private final Clock clock;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<List<JsonWebKey>>> inFlight = new ConcurrentHashMap<>();
    private final Semaphore waiting = new Semaphore(MAX_WAITING);
    private final Semaphore fetching = new Semaphore(MAX_FETCHING);
    private final ExecutorService fetchers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("portcullis-jwks-fetch-", 0).factory());

    public RemoteKeySets(PortcullisConfig config, JwksUrlPolicy policy, Clock clock) {
        this.config = config.clientAssertion();
        this.policy = policy;
        this.clock = clock;
    }

    /** What is known of one URL: its keys, or a failure (null keys), and when. */
    private record Cached(List<JsonWebKey> keys, Instant at) {}

    /**
     * The URL's keys: from the cache while fresh; otherwise fetched, waiting up to the deadline. With
     * {@code kidMissed}, a fresh set is fetched again when it is older than {@link #KID_MISS_REFETCH}
     * (a client that rotated its keys). Empty when the set cannot be had now.
     */
    public List<JsonWebKey> keys(String url, boolean kidMissed) {
        Instant now = clock.instant();
        Cached cached = cache.get(url);
        if (cached != null) {
            if (cached.keys() == null) {
                if (now.isBefore(cached.at().plus(FAILURE_BACKOFF))) {
                    return List.of(); // failed recently: answered at once, nothing waits
                }
            } else if (now.isBefore(cached.at().plus(config.jwksCacheDuration()))
                    && !(kidMissed && !now.isBefore(cached.at().plus(KID_MISS_REFETCH)))) {
                return cached.keys();
            }
        }
        List<JsonWebKey> stale = cached == null || cached.keys() == null ? List.of() : cached.keys();
        if (!waiting.tryAcquire()) {
            return stale; // enough requests wait already: this one does not take a worker too
        }
        try {
            CompletableFuture<List<JsonWebKey>> fetch = inFlight.computeIfAbsent(url, this::startOrNull);
            if (fetch == null) {
                return stale;
            }
            return fetch.get(config.jwksFetchTimeout().toMillis() + 100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return stale;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return stale;
        } finally {
            waiting.release();
        }
    }

    /** A fetch of the URL on a fetch thread; null when {@link #MAX_FETCHING} are under way already. */
    private CompletableFuture<List<JsonWebKey>> startOrNull(String url) {
        if (!fetching.tryAcquire()) {
            return null;
        }
        CompletableFuture<List<JsonWebKey>> fetch = CompletableFuture.supplyAsync(() -> fetchOrThrow(url), fetchers);
        fetch.whenComplete((keys, error) -> {
            fetching.release();
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(url, new Cached(keys, clock.instant()));
            inFlight.remove(url);
            if (error != null) {
                LOG.warnf("jwksUrl %s not fetched: %s", url, rootMessage(error));
            }
        });
        return fetch;
    }

    private List<JsonWebKey> fetchOrThrow(String url) {
        try {
            return fetch(URI.create(url), System.nanoTime() + config.jwksFetchTimeout().toNanos());
        } catch (IOException | JoseException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** One GET over TLS to an allowed address, HTTP/1.0 so that the body ends with the connection. */
    private List<JsonWebKey> fetch(URI uri, long deadline) throws IOException, JoseException {
        policy.refusal(uri).ifPresent(problem -> {
            throw new IllegalStateException("jwksUrl " + problem);
        });
        String host = JwksUrlPolicy.host(uri);
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            if (!policy.allows(host, address)) {
                throw new IOException("refused: " + host + " resolves to a non-public address");
            }
        }
        byte[] response;
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(addresses[0], port), remainingMillis(deadline));
            try (SSLSocket tls = (SSLSocket) HttpsURLConnection.getDefaultSSLSocketFactory().createSocket(plain, host, port, true)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 9110 §4.3.4: the certificate names the host
                tls.setSSLParameters(parameters);
                tls.setSoTimeout(remainingMillis(deadline));
                tls.startHandshake();
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
                OutputStream out = tls.getOutputStream();
                out.write(("GET " + target + " HTTP/1.0\r\nHost: " + uri.getRawAuthority()
                        + "\r\nAccept: application/jwk-set+json, application/json\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                response = readBounded(tls, deadline);
            }
        }
        return parse(response);
    }

    private static byte[] readBounded(SSLSocket socket, long deadline) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        InputStream in = socket.getInputStream();
        while (true) {
            socket.setSoTimeout(remainingMillis(deadline));
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                throw new IOException("deadline passed", e);
            }
            if (n < 0) {
                return buffer.toByteArray();
            }
            buffer.write(chunk, 0, n);
            if (buffer.size() > MAX_HEADER_BYTES + MAX_JWKS_BYTES) {
                throw new IOException("response over " + MAX_JWKS_BYTES + " bytes");
            }
        }
    }

    /** The keys of a 200 response that {@link AssertionKeyLimits} accepts; anything else is a failure. */
    private static List<JsonWebKey> parse(byte[] response) throws IOException, JoseException {
        String text = new String(response, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete response");
        }
        String statusLine = text.substring(0, text.indexOf("\r\n"));
        String[] status = statusLine.split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].equals("200")) {
            throw new IOException("status " + (status.length > 1 ? status[1] : "?") + " (redirects are not followed)");
        }
        String body = text.substring(end + 4);
        if (body.length() > MAX_JWKS_BYTES) {
            throw new IOException("key set over " + MAX_JWKS_BYTES + " bytes");
        }
        return new JsonWebKeySet(body).getJsonWebKeys().stream()
                .filter(key -> AssertionKeyLimits.refusal(key).isEmpty())
                .toList();
    }

    private static int remainingMillis(long deadline) throws IOException {
        long millis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (millis <= 0) {
            throw new IOException("deadline passed");
        }
        return (int) Math.min(millis, Integer.MAX_VALUE);
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
