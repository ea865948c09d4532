package io.portcullis.pingfederate.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portcullis.management.Caller;
import io.portcullis.management.Permission;
import io.portcullis.pingfederate.admin.OAuthClientsResource.Items;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code /pf-admin-api/v1/oauth/authServerSettings}: the part of PingFederate's authorization server
 * settings Portcullis honours, the common scopes (scopes of every access token manager). Other
 * settings in a PUT body are ignored; exclusive scopes are refused.
 */
@Path("/pf-admin-api/v1/oauth/authServerSettings")
@Produces(MediaType.APPLICATION_JSON)
public class AuthServerSettingsResource {

    /** RFC 6749 §3.3 scope-token characters. */
    static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5b\\x5d-\\x7e]{1,256}");

    private final PingFederateAdmin admin;
    private final PingFederateConfiguration configuration;

    public AuthServerSettingsResource(PingFederateAdmin admin) {
        this.admin = admin;
        this.configuration = admin.configuration();
    }

    /** PingFederate's {@code ScopeEntry}. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScopeEntry(String name, String description, boolean dynamic) {}

    /** PingFederate's {@code AuthorizationServerSettings}, with the fields Portcullis honours. */
    @RegisterForReflection
    public record SettingsBody(List<ScopeEntry> scopes, List<ScopeEntry> exclusiveScopes) {}

    @GET
    public SettingsBody get() {
        UUID environmentId = admin.environmentFor(Permission.READ);
        return new SettingsBody(entries(environmentId), List.of());
    }

    @PUT
    @Transactional
    public SettingsBody replace(String body) {
        Caller caller = admin.callerFor(Permission.WRITE_CONFIGURATION);
        UUID environmentId = admin.environmentId();
        PingFederateBody parsed = admin.parse(body);
        if (!parsed.objects("exclusiveScopes", "exclusiveScopes").isEmpty()) {
            throw PingFederateApiError.invalid("exclusiveScopes", "Exclusive scopes are not supported");
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        for (PingFederateBody entry : parsed.objects("scopes", "scopes")) {
            ScopeEntry scope = entry(entry, "scopes");
            if (wanted.put(scope.name(), scope.description()) != null) {
                throw PingFederateApiError.invalid("scopes", "Scope '" + scope.name() + "' is listed twice");
            }
        }
        configuration.replaceCommonScopes(environmentId, wanted);
        admin.record(caller, "ENVIRONMENT", "UPDATED", environmentId, "PingFederate common scopes: " + wanted.keySet());
        return new SettingsBody(entries(environmentId), List.of());
    }

    @GET
    @Path("/scopes/commonScopes")
    public Items<ScopeEntry> commonScopes() {
        UUID environmentId = admin.environmentFor(Permission.READ);
        return new Items<>(entries(environmentId));
    }

    @GET
    @Path("/scopes/commonScopes/{name}")
    public ScopeEntry commonScope(@PathParam("name") String name) {
        UUID environmentId = admin.environmentFor(Permission.READ);
        return entries(environmentId).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> PingFederateApiError.notFound("scope " + PingFederateConfiguration.printable(name)));
    }

    @POST
    @Path("/scopes/commonScopes")
    @Transactional
    public Response addCommonScope(String body) {
        Caller caller = admin.callerFor(Permission.WRITE_CONFIGURATION);
        UUID environmentId = admin.environmentId();
        ScopeEntry scope = entry(admin.parse(body), "");
        Map<String, String> wanted = new LinkedHashMap<>(configuration.commonScopes(environmentId));
        if (wanted.put(scope.name(), scope.description()) != null) {
            throw PingFederateApiError.invalid("name", "The scope already exists");
        }
        configuration.replaceCommonScopes(environmentId, wanted);
        admin.record(caller, "ENVIRONMENT", "UPDATED", environmentId, "PingFederate common scope added: " + scope.name());
        return Response.status(201).entity(scope).build();
    }

    @DELETE
    @Path("/scopes/commonScopes/{name}")
    @Transactional
    public Response deleteCommonScope(@PathParam("name") String name) {
        Caller caller = admin.callerFor(Permission.WRITE_CONFIGURATION);
        UUID environmentId = admin.environmentId();
        Map<String, String> wanted = new LinkedHashMap<>(configuration.commonScopes(environmentId));
        if (wanted.remove(name) == null) {
            throw PingFederateApiError.notFound("scope " + PingFederateConfiguration.printable(name));
        }
        configuration.replaceCommonScopes(environmentId, wanted);
        admin.record(caller, "ENVIRONMENT", "UPDATED", environmentId, "PingFederate common scope deleted: " + name);
        return Response.noContent().build();
    }

    private static ScopeEntry entry(PingFederateBody body, String prefix) {
        String path = prefix.isEmpty() ? "name" : prefix + ".name";
        String name = body.string("name", path);
        if (name == null || !SCOPE.matcher(name).matches()) {
            throw PingFederateApiError.invalid(path, "Is required: a scope name of RFC 6749 scope characters");
        }
        String description = body.optionalString("description", prefix.isEmpty() ? "description" : prefix + ".description", 1024);
        if (body.bool("dynamic", false)) {
            throw PingFederateApiError.invalid(prefix.isEmpty() ? "dynamic" : prefix + ".dynamic", "Dynamic scopes are not supported");
        }
        return new ScopeEntry(name, description, false);
    }

    private List<ScopeEntry> entries(UUID environmentId) {
        return configuration.commonScopes(environmentId).entrySet().stream()
                .map(e -> new ScopeEntry(e.getKey(), e.getValue(), false)).toList();
    }
}
