package io.portcullis.web;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Rules that make the OpenAPI document say what the server does, for every route including ones
 * added later: every {@code /v1} operation needs a bearer token and answers PingOne's error
 * bodies; creates answer 201 and deletes 204; the auth endpoints take form bodies (RFC 6749 §3.2,
 * RFC 7662 §2.1, RFC 7009 §2.1) and answer RFC 6749 §5.2 errors. The components they refer to are
 * in META-INF/openapi.yaml.
 */
public class OpenApiRules implements OASFilter {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        Map<String, PathItem> paths = openAPI.getPaths().getPathItems();
        paths.forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            if (path.startsWith("/v1/")) {
                management(path, method, operation, paths);
            } else if (path.startsWith("/{envID}/as/")) {
                auth(path, method, operation);
            }
        }));
    }

    private static void management(String path, PathItem.HttpMethod method, Operation operation, Map<String, PathItem> paths) {
        operation.setSecurity(List.of(requirement("bearer")));
        APIResponses responses = responses(operation);
        APIResponse ok = responses.getAPIResponse("200");
        if (method == PathItem.HttpMethod.POST && untyped(ok)) {
            // A create answers 201 with the object and its Location (Hal.created), shaped as its GET.
            responses.removeAPIResponse("200");
            responses.addAPIResponse("201", OASFactory.createAPIResponse().description("Created")
                    .addHeader("Location", OASFactory.createHeader().description("the URL of the new object")
                            .schema(OASFactory.createSchema().addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)))
                    .content(itemContent(path, paths)));
        }
        if (method == PathItem.HttpMethod.DELETE && untyped(ok)) {
            responses.removeAPIResponse("200");
            responses.addAPIResponse("204", OASFactory.createAPIResponse().description("Deleted"));
        }
        responses.addAPIResponse("400", ref("ManagementBadRequest"));
        responses.addAPIResponse("401", ref("ManagementUnauthorized"));
        responses.addAPIResponse("403", ref("ManagementForbidden"));
        if (path.contains("{")) {
            responses.addAPIResponse("404", ref("ManagementNotFound"));
        }
        if (method != PathItem.HttpMethod.GET) {
            responses.addAPIResponse("409", ref("ManagementConflict"));
        }
        responses.addAPIResponse("503", ref("ManagementUnavailable"));
    }

    private static void auth(String path, PathItem.HttpMethod method, Operation operation) {
        APIResponses responses = responses(operation);
        if (method == PathItem.HttpMethod.GET) {
            responses.addAPIResponse("404", ref("OAuthNotFound"));
            return;
        }
        String form = path.endsWith("/token") ? "TokenRequest" : "TokenHintRequest";
        operation.setRequestBody(OASFactory.createRequestBody().required(true).content(
                OASFactory.createContent().addMediaType(FORM, schemaMedia(form))));
        // RFC 6749 §2.3: client_secret_basic in the header, or the other methods' fields in the body.
        operation.setSecurity(List.of(requirement("clientSecretBasic"), OASFactory.createSecurityRequirement()));
        if (path.endsWith("/token")) {
            responses.addAPIResponse("200", OASFactory.createAPIResponse().description("The access token (RFC 6749 §5.1)")
                    .content(OASFactory.createContent().addMediaType(JSON, schemaMedia("TokenResponse"))));
        } else if (path.endsWith("/introspect")) {
            responses.addAPIResponse("200", OASFactory.createAPIResponse().description("RFC 7662 §2.2")
                    .content(OASFactory.createContent().addMediaType(JSON, schemaMedia("IntrospectionResponse"))));
        } else {
            responses.addAPIResponse("200", OASFactory.createAPIResponse()
                    .description("Revoked, or the token was unknown (RFC 7009 §2.2); empty body"));
        }
        responses.addAPIResponse("400", ref("OAuthBadRequest"));
        responses.addAPIResponse("401", ref("OAuthUnauthorized"));
        responses.addAPIResponse("429", ref("OAuthTooManyRequests"));
        responses.addAPIResponse("503", ref("OAuthUnavailable"));
    }

    /** The 200 content of the GET on {@code path/{id}}, or a generic JSON object. */
    private static Content itemContent(String path, Map<String, PathItem> paths) {
        for (Map.Entry<String, PathItem> other : paths.entrySet()) {
            String rest = other.getKey().startsWith(path + "/{") ? other.getKey().substring(path.length() + 1) : null;
            Operation get = other.getValue().getGET();
            if (rest != null && !rest.contains("/") && get != null && get.getResponses() != null
                    && get.getResponses().getAPIResponse("200") != null
                    && get.getResponses().getAPIResponse("200").getContent() != null) {
                return get.getResponses().getAPIResponse("200").getContent();
            }
        }
        return OASFactory.createContent().addMediaType(JSON, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.OBJECT)));
    }

    /** A 200 the scanner made from a plain {@code Response} return: no content, or only empty schemas. */
    private static boolean untyped(APIResponse ok) {
        if (ok == null) {
            return false;
        }
        Content content = ok.getContent();
        return content == null || content.getMediaTypes() == null || content.getMediaTypes().values().stream()
                .allMatch(media -> media.getSchema() == null || (media.getSchema().getRef() == null
                        && media.getSchema().getType() == null && media.getSchema().getProperties() == null));
    }

    private static APIResponses responses(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        return operation.getResponses();
    }

    private static SecurityRequirement requirement(String scheme) {
        return OASFactory.createSecurityRequirement().addScheme(scheme);
    }

    private static APIResponse ref(String name) {
        return OASFactory.createAPIResponse().ref("#/components/responses/" + name);
    }

    private static MediaType schemaMedia(String schema) {
        return OASFactory.createMediaType().schema(OASFactory.createSchema().ref("#/components/schemas/" + schema));
    }
}
