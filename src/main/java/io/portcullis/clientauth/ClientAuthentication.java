package io.portcullis.clientauth;

import io.portcullis.application.SecretUsage;
import io.portcullis.application.TokenEndpointAuthMethod;
import io.portcullis.config.Blocking;
import io.portcullis.directory.ClientView;
import io.portcullis.directory.Directory;
import io.portcullis.directory.EnvironmentView;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Authenticates the client of an OAuth request by the one method its credentials use, and checks
 * that the application accepts that method. Every failure is the same {@code invalid_client} on the
 * wire; the reason goes to the audit log only.
 *
 * <p>{@link #authenticate} counts a failed guess towards brute-force protection itself, a write to
 * PostgreSQL. On the event loop, {@link #attempt} does the same work but hands the failed guess
 * back, for the caller to count on a worker thread ({@link #counted}) before it answers.
 */
@Singleton
public class ClientAuthentication {

    private static final Logger AUDIT = Logger.getLogger("io.portcullis.audit.client-authentication");

    private final Directory directory;
    private final ClientLockout lockout;
    private final SecretUsage usage;
    private final List<ClientAuthenticator> authenticators;

    public ClientAuthentication(Directory directory, ClientLockout lockout, SecretUsage usage, Instance<ClientAuthenticator> beans) {
        this.directory = directory;
        this.lockout = lockout;
        this.usage = usage;
        Map<TokenEndpointAuthMethod, ClientAuthenticator> byMethod = new EnumMap<>(TokenEndpointAuthMethod.class);
        for (ClientAuthenticator authenticator : beans) {
            if (byMethod.put(authenticator.method(), authenticator) != null) {
                throw new IllegalStateException("two client authenticators for " + authenticator.method());
            }
        }
        this.authenticators = List.copyOf(byMethod.values());
    }

    /** Every method some authenticator handles, in enum order. */
    public List<TokenEndpointAuthMethod> methods() {
        return authenticators.stream().map(ClientAuthenticator::method).toList();
    }

    /** The JWS algorithms accepted in client assertions, sorted. */
    public List<String> assertionSigningAlgorithms() {
        return authenticators.stream().flatMap(a -> a.signingAlgorithms().stream()).sorted().toList();
    }

    /**
     * Whether authenticating the request may wait for PostgreSQL or the network ({@link
     * ClientAuthenticator#mayBlock}), counting a failed guess aside. False when the request carries
     * no credentials or those of two methods: it is refused from memory.
     */
    public boolean mayBlock(OAuthRequest request) {
        ClientAuthenticator used = null;
        for (ClientAuthenticator authenticator : authenticators) {
            if (authenticator.presentIn(request)) {
                if (used != null) {
                    return false;
                }
                used = authenticator;
            }
        }
        return used != null && used.mayBlock();
    }

    /** A failed authentication with a guessable credential, to be counted before {@code refusal} is answered. */
    public record FailedGuess(UUID environmentIdOrNull, UUID clientId, OAuthError refusal) {}

    /** The client authenticated, or a failed guess still to count: exactly one is set. */
    public record Attempt(ClientView client, FailedGuess failedGuess) {}

    /**
     * The authenticated client, enabled and allowed the method it used. A failed guess is counted
     * first, in PostgreSQL: not on an event loop.
     */
    public ClientView authenticate(OAuthRequest request) {
        Attempt attempt = attempt(request);
        if (attempt.failedGuess() != null) {
            throw counted(attempt.failedGuess());
        }
        return attempt.client();
    }

    /**
     * Counts a failed guess towards brute-force protection (RFC 6819 §4.3.5), a write to PostgreSQL,
     * and returns the refusal to answer with; 429 is thrown instead when the guessing is locked out.
     */
    public OAuthError counted(FailedGuess guess) {
        Blocking.required("counting a failed client authentication");
        lockout.failed(guess.environmentIdOrNull(), guess.clientId());
        return guess.refusal();
    }

    /**
     * Authenticates as {@link #authenticate} does, in memory when the method does not {@link
     * #mayBlock}, but returns a failed guess uncounted. Any other refusal is thrown.
     */
    public Attempt attempt(OAuthRequest request) {
        List<ClientAuthenticator> used = new ArrayList<>(1);
        for (ClientAuthenticator authenticator : authenticators) {
            if (authenticator.presentIn(request)) {
                used.add(authenticator);
            }
        }
        if (used.size() > 1) {
            // RFC 6749 §2.3: a client MUST NOT use more than one authentication method per request.
            throw OAuthError.invalidRequest("More than one client authentication method was used");
        }
        if (used.isEmpty()) {
            // Guesses nothing, so counts towards no lockout: a flood of these must not lock anyone out.
            audit(request, null, "no client credentials");
            throw OAuthError.invalidClient(request.authorization() != null ? request.realm() : null);
        }
        ClientAuthenticator authenticator = used.get(0);
        String realm = authenticator.usesBasicScheme() ? request.realm() : null;
        PresentedClient presented;
        try {
            presented = authenticator.read(request);
        } catch (OAuthError e) {
            if ("invalid_client".equals(e.error())) {
                audit(request, null, "malformed " + authenticator.method().wireName() + " credentials");
            }
            throw e;
        }
        ClientView client = lookup(request.environmentId(), presented.clientId());
        // RFC 6749 §2.3.1: brute-force protection of guessable credentials, checked in memory before
        // any secret is compared. An asymmetric assertion cannot be guessed and is never throttled.
        // A chosen client id (cc_client) counts against its application's UUID: one lockout whichever id is used.
        UUID guessed = !authenticator.guessable() ? null
                : client != null ? client.id() : OAuthRequest.environmentIdOrNull(presented.clientId());
        if (guessed != null) {
            lockout.refuseIfLocked(request.environmentId(), guessed);
        }

        ClientAuthenticator.Verification verification = authenticator.verify(presented, client); // same work whether or not client is null
        boolean verified = verification.verified();
        String failure = client == null ? "unknown client or environment"
                : !verified ? "credentials did not verify"
                : !client.authMethods().contains(authenticator.method()) ? "method " + authenticator.method().wireName() + " not allowed for the application"
                : !client.enabled() ? "application disabled"
                : null;
        if (failure != null) {
            audit(request, presented.clientId(), failure);
            OAuthError refusal = OAuthError.invalidClient(realm);
            if (guessed != null && lockout.enabled()) {
                return new Attempt(null, new FailedGuess(request.environmentId(), guessed, refusal));
            }
            throw refusal;
        }
        if (verification.secretIdOrNull() != null) {
            usage.record(verification.secretIdOrNull()); // only now: a refused attempt never shows as a secret's last use
        }
        return new Attempt(client, null);
    }

    private ClientView lookup(UUID environmentId, String clientId) {
        if (environmentId == null || clientId == null) {
            return null;
        }
        Optional<EnvironmentView> environment = directory.environment(environmentId);
        return environment.flatMap(e -> e.clientByAnyId(clientId)).orElse(null); // the UUID, or a chosen id
    }

    private static void audit(OAuthRequest request, String clientId, String reason) {
        AUDIT.infof("client authentication failed: environment=%s client_id=%s reason=%s",
                request.environmentId(), clientId == null ? "-" : sanitize(clientId), reason);
    }

    /** A client id from the request, safe for a log line. */
    private static String sanitize(String value) {
        return OAuthRequest.environmentIdOrNull(value) != null ? value : "<not a UUID>";
    }
}
