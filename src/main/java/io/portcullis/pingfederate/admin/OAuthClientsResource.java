package io.portcullis.pingfederate.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.portcullis.application.GrantType;
import io.portcullis.config.PortcullisConfig;
import io.portcullis.management.Caller;
import io.portcullis.management.Permission;
import io.portcullis.pingfederate.PingFederateEnvironment;
import io.portcullis.pingfederate.admin.PingFederateConfiguration.ClientSpec;
import io.portcullis.pingfederate.admin.PingFederateConfiguration.OAuthClient;
import io.portcullis.web.NoStore;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code /pf-admin-api/v1/oauth/clients}: PingFederate's OAuth clients, which are the PingFederate
 * environment's applications (also listed at {@code /v1/environments/{envID}/applications}).
 */
@Path("/pf-admin-api/v1/oauth/clients")
@Produces(MediaType.APPLICATION_JSON)
public class OAuthClientsResource {

    /** Printable ASCII without spaces or the Basic separator; never UUID-shaped (UUIDs are the other ids). */
    static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x39\\x3b-\\x7e]{1,256}");
    static final Pattern UUID_SHAPE = Pattern.compile("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** An administrator's secret: long enough to resist the brute-force limits, printable, not huge. */
    static final int MIN_SECRET_LENGTH = 8;
    static final int MAX_SECRET_LENGTH = 256;

    private final PingFederateAdmin admin;
    private final PingFederateConfiguration configuration;
    private final String managersLocation;

    public OAuthClientsResource(PingFederateAdmin admin, PortcullisConfig config) {
        this.admin = admin;
        this.configuration = admin.configuration();
        this.managersLocation = config.baseUrl() + AccessTokenManagersResource.PATH + "/";
    }

    /** PingFederate's reference to another object. */
    @RegisterForReflection
    public record ResourceLink(String id, String location) {}

    /** PingFederate's {@code clientAuth}; {@code secret} is shown only when Portcullis generated it. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClientAuth(String type, String secret, String encryptedSecret) {}

    /**
     * PingFederate's {@code Client}, with the fields Portcullis honours; never cached on the way
     * ({@link NoStore}): it carries the generated secret on create, the sealed one otherwise.
     */
    @NoStore
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClientBody(String clientId, boolean enabled, String name, String description, List<String> grantTypes,
            ClientAuth clientAuth, boolean restrictScopes, List<String> restrictedScopes, List<String> exclusiveScopes,
            ResourceLink defaultAccessTokenManagerRef) {}

    /** PingFederate's collection shape; not cached, since a list of clients holds their sealed secrets. */
    @NoStore
    @RegisterForReflection
    public record Items<T>(List<T> items) {}

    @GET
    public Items<ClientBody> list() {
        UUID environmentId = admin.environmentFor(Permission.READ);
        return new Items<>(configuration.clients(environmentId).stream().map(this::body).toList());
    }

    @GET
    @Path("/{id}")
    public ClientBody get(@PathParam("id") String id) {
        UUID environmentId = admin.environmentFor(Permission.READ);
        return body(configuration.client(environmentId, id)
                .orElseThrow(() -> PingFederateApiError.notFound("client " + PingFederateConfiguration.printable(id))));
    }

    @POST
    @Transactional
    public Response create(String body) {
        Caller caller = admin.callerFor(Permission.WRITE_CONFIGURATION);
        UUID environmentId = admin.environmentId();
        ClientSpec spec = spec(admin.parse(body), null);
        OAuthClient created = configuration.createClient(environmentId, spec);
        UUID applicationId = configuration.find(environmentId, created.clientId()).orElseThrow().id;
        admin.record(caller, "APPLICATION", "CREATED", applicationId,
                "PingFederate OAuth client " + created.clientId());
        return Response.status(201).entity(body(created)).build();
    }

    @PUT
    @Path("/{id}")
    @Transactional
    public ClientBody replace(@PathParam("id") String id, String body) {
        Caller caller = admin.callerFor(Permission.WRITE_CONFIGURATION);
        UUID environmentId = admin.environmentId();
        String shownId = PingFederateConfiguration.printable(id);
        var app = configuration.find(environmentId, id).orElseThrow(() -> PingFederateApiError.notFound("client " + shownId));
        admin.requireActOn(caller, app.id);
        ClientSpec spec = spec(admin.parse(body), app.clientId != null ? app.clientId : app.id.toString());
        if (app.enabled && !spec.enabled()) {
            admin.keepOrganizationAdminWithoutApplication(app.id, "enabled");
        }
        OAuthClient replaced = configuration.replaceClient(environmentId, id, spec);
        admin.record(caller, "APPLICATION", "UPDATED", app.id, "PingFederate OAuth client " + replaced.clientId()
                + (spec.secret() != null ? "; secret replaced" : ""));
        return body(replaced);
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    public Response delete(@PathParam("id") String id) {
        Caller caller = admin.callerFor(Permission.WRITE_CONFIGURATION);
        UUID environmentId = admin.environmentId();
        var app = configuration.find(environmentId, id)
                .orElseThrow(() -> PingFederateApiError.notFound("client " + PingFederateConfiguration.printable(id)));
        admin.requireActOn(caller, app.id);
        admin.keepOrganizationAdminWithoutApplication(app.id, null);
        configuration.deleteClient(environmentId, id);
        admin.record(caller, "APPLICATION", "DELETED", app.id, "PingFederate OAuth client");
        return Response.noContent().build();
    }

    /** Reads a client body; {@code existingClientId} is the client a PUT replaces (its id cannot change). */
    private ClientSpec spec(PingFederateBody body, String existingClientId) {
        String clientId = body.string("clientId", "clientId");
        if (existingClientId != null) {
            if (clientId != null && !clientId.equals(existingClientId)) {
                throw PingFederateApiError.invalid("clientId", "The clientId of a client cannot be changed");
            }
            clientId = existingClientId;
        } else if (clientId == null || !CLIENT_ID.matcher(clientId).matches() || UUID_SHAPE.matcher(clientId).matches()) {
            throw PingFederateApiError.invalid("clientId",
                    "Is required: 1 to 256 printable ASCII characters without spaces or ':', and not a UUID");
        }
        String name = body.requiredString("name", "name", 256);
        String description = body.optionalString("description", "description", 1024);
        Set<GrantType> grantTypes = grantTypes(body.strings("grantTypes"));
        String secret = null;
        String encryptedSecret = null;
        PingFederateBody clientAuth = body.object("clientAuth");
        if (clientAuth != null) {
            String type = clientAuth.string("type", "clientAuth.type");
            if (type != null && !type.equals("SECRET")) {
                throw PingFederateApiError.invalid("clientAuth.type", "Only SECRET is supported");
            }
            secret = clientAuth.string("secret", "clientAuth.secret");
            encryptedSecret = clientAuth.string("encryptedSecret", "clientAuth.encryptedSecret");
            if (secret != null) {
                checkSecret(secret);
            }
        }
        if (!body.strings("exclusiveScopes").isEmpty()) {
            throw PingFederateApiError.invalid("exclusiveScopes", "Exclusive scopes are not supported");
        }
        boolean restrictScopes = body.bool("restrictScopes", false);
        List<String> restrictedScopes = body.strings("restrictedScopes");
        PingFederateBody managerRef = body.object("defaultAccessTokenManagerRef");
        String managerId = managerRef == null ? null : managerRef.string("id", "defaultAccessTokenManagerRef.id");
        return new ClientSpec(clientId, name, description, body.bool("enabled", true), grantTypes, secret, encryptedSecret,
                restrictScopes, List.copyOf(restrictedScopes),
                managerId != null ? managerId : PingFederateEnvironment.DEFAULT_ACCESS_TOKEN_MANAGER);
    }

    private static Set<GrantType> grantTypes(List<String> names) {
        if (names.isEmpty()) {
            throw PingFederateApiError.invalid("grantTypes", "Is required");
        }
        Set<GrantType> types = EnumSet.noneOf(GrantType.class);
        for (String name : names) {
            switch (name) {
                case "CLIENT_CREDENTIALS" -> types.add(GrantType.CLIENT_CREDENTIALS);
                case "TOKEN_EXCHANGE" -> types.add(GrantType.TOKEN_EXCHANGE);
                default -> throw PingFederateApiError.invalid("grantTypes",
                        "'" + PingFederateConfiguration.printable(name) + "' is not supported: use CLIENT_CREDENTIALS or TOKEN_EXCHANGE");
            }
        }
        return types;
    }

    private static void checkSecret(String secret) {
        if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH) {
            throw PingFederateApiError.invalid("clientAuth.secret",
                    "Must be " + MIN_SECRET_LENGTH + " to " + MAX_SECRET_LENGTH + " characters");
        }
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw PingFederateApiError.invalid("clientAuth.secret", "Must not contain control characters");
            }
        }
    }

    private ClientBody body(OAuthClient client) {
        List<String> grantTypes = client.grantTypes().stream().map(Enum::name).sorted().toList();
        ResourceLink manager = client.tokenManagerId() == null ? null
                : new ResourceLink(client.tokenManagerId(), managersLocation + client.tokenManagerId());
        return new ClientBody(client.clientId(), client.enabled(), client.name(), client.description(), grantTypes,
                new ClientAuth("SECRET", client.generatedSecret(), client.encryptedSecret()), client.restrictScopes(),
                client.restrictedScopes(), List.of(), manager);
    }
}
