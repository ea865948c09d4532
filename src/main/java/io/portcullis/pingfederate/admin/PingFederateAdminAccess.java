package io.portcullis.pingfederate.admin;

import io.portcullis.application.ApplicationRepository;
import io.portcullis.application.RoleAssignmentRepository;
import io.portcullis.clientauth.BasicCredentials;
import io.portcullis.clientauth.ClientAuthentication;
import io.portcullis.clientauth.PresentedClient;
import io.portcullis.directory.ClientView;
import io.portcullis.management.Caller;
import io.portcullis.management.ManagementAccess;
import io.portcullis.management.ManagementRole;
import io.portcullis.management.Permission;
import io.portcullis.oauth.OAuthError;
import io.portcullis.oauth.OAuthRequest;
import io.portcullis.pingfederate.PingFederateEnvironment;
import io.portcullis.web.ApiError;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.UUID;

/**
 * Authentication and authorization of a PingFederate admin API request. PingFederate's conventions:
 * the {@code X-XSRF-Header} header on every request, and HTTP Basic credentials; here the Basic
 * credentials are an application's client id and secret, checked exactly as at the token endpoint
 * (same brute-force protection, same generic failure, only applications that authenticate with
 * client_secret_basic). The /v1 bearer token is accepted too. Either way the caller's management
 * roles are read fresh and must grant the permission in the PingFederate environment.
 */
@RequestScoped
public class PingFederateAdminAccess {

    static final String XSRF_HEADER = "X-XSRF-Header";

    private final HttpServerRequest request;
    private final PingFederateEnvironment environment;
    private final ClientAuthentication clientAuthentication;
    private final ManagementAccess bearerAccess;
    private final ApplicationRepository applications;
    private final RoleAssignmentRepository roles;

    public PingFederateAdminAccess(HttpServerRequest request, PingFederateEnvironment environment,
            ClientAuthentication clientAuthentication, ManagementAccess bearerAccess,
            ApplicationRepository applications, RoleAssignmentRepository roles) {
        this.request = request;
        this.environment = environment;
        this.clientAuthentication = clientAuthentication;
        this.bearerAccess = bearerAccess;
        this.applications = applications;
        this.roles = roles;
    }

    /** The caller, allowed {@code permission} in the PingFederate environment; 401, 403 or 429 otherwise. */
    @Transactional
    public Caller require(Permission permission) {
        UUID environmentId = environment.id();
        String xsrf = request.getHeader(XSRF_HEADER);
        if (xsrf == null || xsrf.isBlank()) {
            // A header a browser cannot add to a cross-site request without a CORS preflight.
            throw PingFederateApiError.missingXsrfHeader();
        }
        String authorization = request.getHeader("Authorization");
        Caller caller = BasicCredentials.isBasic(authorization) ? basicCaller(authorization, environmentId) : bearerCaller();
        if (!caller.may(permission, environmentId)) {
            throw PingFederateApiError.forbidden();
        }
        return caller;
    }

    private Caller bearerCaller() {
        try {
            return bearerAccess.caller();
        } catch (ApiError e) {
            throw PingFederateApiError.unauthenticated();
        }
    }

    /**
     * Basic: a UUID names an application of any environment (the bootstrap worker, for one); a chosen
     * client id names one of the PingFederate environment.
     */
    private Caller basicCaller(String authorization, UUID pingFederateEnvironment) {
        UUID home = BasicCredentials.parse(authorization)
                .map(PresentedClient::clientId)
                .map(OAuthRequest::environmentIdOrNull)
                .flatMap(applications::findByIdOptional)
                .map(app -> app.environmentId)
                .orElse(pingFederateEnvironment);
        ClientView client;
        try {
            client = clientAuthentication.authenticate(new OAuthRequest(home, home.toString(), authorization, Map.of()));
        } catch (OAuthError e) {
            throw e.retryAfterSeconds() != null ? PingFederateApiError.locked(e.retryAfterSeconds())
                    : PingFederateApiError.unauthenticated();
        }
        var held = roles.listByApplication(client.id()).stream()
                .flatMap(a -> ManagementRole.of(a.roleName).map(role -> new Caller.Held(
                        role, "ORGANIZATION".equals(a.scopeType) ? null : a.scopeId)).stream())
                .toList();
        return new Caller(client.id(), client.environmentId(), held);
    }
}
