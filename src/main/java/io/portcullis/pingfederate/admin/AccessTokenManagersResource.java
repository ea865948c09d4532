package io.portcullis.pingfederate.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portcullis.management.Caller;
import io.portcullis.management.Permission;
import io.portcullis.pingfederate.PingFederateEnvironment;
import io.portcullis.pingfederate.admin.OAuthClientsResource.Items;
import io.portcullis.pingfederate.admin.PingFederateConfiguration.AccessTokenManagerSpec;
import io.portcullis.resource.Resource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code /pf-admin-api/v1/oauth/accessTokenManagers}: JWT access token managers, which are the
 * PingFederate environment's resources (the manager's id is the resource's name, its
 * "Token Lifetime" in minutes the resource's access token validity).
 */
@Path(AccessTokenManagersResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class AccessTokenManagersResource {

    static final String PATH = "/pf-admin-api/v1/oauth/accessTokenManagers";
    /** PingFederate's JWT access token manager plugin: the only kind Portcullis issues. */
    static final String JWT_PLUGIN = "com.pingidentity.pf.access.token.management.plugins.JwtBearerAccessTokenManagementPlugin";
    static final String TOKEN_LIFETIME = "Token Lifetime";
    static final String AUDIENCE = "Audience Claim Value";
    static final Pattern MANAGER_ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private final PingFederateAdmin admin;
    private final PingFederateConfiguration configuration;

    public AccessTokenManagersResource(PingFederateAdmin admin) {
        this.admin = admin;
        this.configuration = admin.configuration();
    }

    /** One configuration field of a plugin instance. */
    @RegisterForReflection
    public record ConfigField(String name, String value) {}

    /** A plugin instance's configuration: tables (none here) and fields. */
    @RegisterForReflection
    public record PluginConfiguration(List<Object> tables, List<ConfigField> fields) {}

    /** A reference to the plugin descriptor. */
    @RegisterForReflection
    public record PluginRef(String id) {}

    /** PingFederate's {@code AccessTokenManager}, with the fields Portcullis honours. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ManagerBody(String id, String name, PluginRef pluginDescriptorRef, PluginConfiguration configuration) {}

    @GET
    public Items<ManagerBody> list() {
        UUID environmentId = admin.environmentFor(Permission.READ);
        return new Items<>(configuration.tokenManagers(environmentId).stream().map(AccessTokenManagersResource::body).toList());
    }

    @GET
    @Path("/{id}")
    public ManagerBody get(@PathParam("id") String id) {
        UUID environmentId = admin.environmentFor(Permission.READ);
        return body(configuration.tokenManager(environmentId, id).orElseThrow(() -> notFound(id)));
    }

    @POST
    @Transactional
    public Response create(String body) {
        Caller caller = admin.callerFor(Permission.WRITE_CONFIGURATION);
        UUID environmentId = admin.environmentId();
        PingFederateBody parsed = admin.parse(body);
        String id = parsed.string("id", "id");
        if (id == null || !MANAGER_ID.matcher(id).matches()) {
            throw PingFederateApiError.invalid("id", "Is required: 1 to 32 characters of A-Za-z0-9._-");
        }
        AccessTokenManagerSpec created = configuration.createTokenManager(environmentId, spec(parsed, id));
        admin.record(caller, "RESOURCE", "CREATED", created.resourceId(), "PingFederate access token manager " + id);
        return Response.status(201).entity(body(created)).build();
    }

    @PUT
    @Path("/{id}")
    @Transactional
    public ManagerBody replace(@PathParam("id") String id, String body) {
        Caller caller = admin.callerFor(Permission.WRITE_CONFIGURATION);
        UUID environmentId = admin.environmentId();
        configuration.tokenManager(environmentId, id).orElseThrow(() -> notFound(id));
        PingFederateBody parsed = admin.parse(body);
        String bodyId = parsed.string("id", "id");
        if (bodyId != null && !bodyId.equals(id)) {
            throw PingFederateApiError.invalid("id", "The id of an access token manager cannot be changed");
        }
        AccessTokenManagerSpec updated = configuration.updateTokenManager(environmentId, spec(parsed, id));
        admin.record(caller, "RESOURCE", "UPDATED", updated.resourceId(), "PingFederate access token manager " + id);
        return body(updated);
    }

    private static AccessTokenManagerSpec spec(PingFederateBody body, String id) {
        String name = body.requiredString("name", "name", 256);
        PingFederateBody plugin = body.object("pluginDescriptorRef");
        String pluginId = plugin == null ? null : plugin.string("id", "pluginDescriptorRef.id");
        if (!JWT_PLUGIN.equals(pluginId)) {
            throw PingFederateApiError.invalid("pluginDescriptorRef.id", "Only the JWT access token manager (" + JWT_PLUGIN + ") is supported");
        }
        PingFederateBody config = body.object("configuration");
        int lifetime = PingFederateEnvironment.DEFAULT_LIFETIME_MINUTES;
        String audience = null;
        for (PingFederateBody field : config == null ? List.<PingFederateBody>of() : config.objects("fields", "configuration.fields")) {
            String fieldName = field.string("name", "configuration.fields.name");
            String value = field.string("value", "configuration.fields.value");
            if (TOKEN_LIFETIME.equals(fieldName)) {
                lifetime = lifetime(value);
            } else if (AUDIENCE.equals(fieldName) && value != null && !value.isBlank()) {
                if (value.length() > 1024) {
                    throw PingFederateApiError.invalid("configuration.fields." + AUDIENCE, "Must be at most 1024 characters");
                }
                audience = value;
            }
        }
        return new AccessTokenManagerSpec(null, id, name, lifetime, audience);
    }

    /** Minutes, within what a Portcullis resource allows (5 minutes to 30 days). */
    private static int lifetime(String value) {
        int min = Resource.MIN_VALIDITY_SECONDS / 60;
        int max = Resource.MAX_VALIDITY_SECONDS / 60;
        try {
            int minutes = Integer.parseInt(value == null ? "" : value.strip());
            if (minutes >= min && minutes <= max) {
                return minutes;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw PingFederateApiError.invalid("configuration.fields." + TOKEN_LIFETIME,
                "Must be a whole number of minutes from " + min + " to " + max);
    }

    private static ManagerBody body(AccessTokenManagerSpec manager) {
        List<ConfigField> fields = List.of(
                new ConfigField(TOKEN_LIFETIME, String.valueOf(manager.lifetimeMinutes())),
                new ConfigField(AUDIENCE, manager.audience()));
        return new ManagerBody(manager.id(), manager.name(), new PluginRef(JWT_PLUGIN), new PluginConfiguration(List.of(), fields));
    }

    private static PingFederateApiError notFound(String id) {
        return PingFederateApiError.notFound("access token manager " + PingFederateConfiguration.printable(id));
    }
}
