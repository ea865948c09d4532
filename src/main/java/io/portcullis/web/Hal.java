package io.portcullis.web;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.portcullis.config.PortcullisConfig;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HAL links and list bodies in PingOne's shape, with absolute hrefs under {@code {base}/v1}. */
@Singleton
public class Hal {

    private final PortcullisConfig config;

    public Hal(PortcullisConfig config) {
        this.config = config;
    }

    /** A HAL link. */
    public record Link(String href) {}

    /** A list: {@code {"_links", "_embedded": {"<plural>": [...]}, "count", "size"}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ListBody<T>(
            @JsonProperty("_links") Map<String, Link> links,
            @JsonProperty("_embedded") Map<String, List<T>> embedded,
            long count,
            int size) {}

    /** The absolute URL of a management path such as {@code /environments/{id}}. */
    public String url(String path) {
        return config.managementAudience() + path;
    }

    /** 201 Created with the new object's URL in {@code Location} and the object as the body. */
    public Response created(String path, Object body) {
        return Response.created(URI.create(url(path))).entity(body).build();
    }

    public Map<String, Link> self(String path) {
        return Map.of("self", new Link(url(path)));
    }

    public <T> ListBody<T> list(String path, String plural, Paging.Page<T> page, Paging paging) {
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("self", new Link(url(path) + paging.query(paging.cursor())));
        if (page.nextCursor() != null) {
            links.put("next", new Link(url(path) + paging.query(page.nextCursor())));
        }
        return new ListBody<>(links, Map.of(plural, page.items()), page.total(), page.items().size());
    }
}
