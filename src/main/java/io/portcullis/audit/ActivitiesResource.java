package io.portcullis.audit;

import io.portcullis.management.ManagementAccess;
import io.portcullis.management.Permission;
import io.portcullis.web.Hal;
import io.portcullis.web.Ids;
import io.portcullis.web.Paging;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code GET /v1/environments/{envID}/activities}: the audit trail of one environment, oldest first. */
@Path("/v1/environments/{envID}/activities")
@Produces(MediaType.APPLICATION_JSON)
public class ActivitiesResource {

    private final ManagementAccess access;
    private final ActivityRepository activities;
    private final Hal hal;

    public ActivitiesResource(ManagementAccess access, ActivityRepository activities, Hal hal) {
        this.access = access;
        this.activities = activities;
        this.hal = hal;
    }

    /** One activity in PingOne's shape. */
    public record ActivityResponse(
            UUID id,
            Instant recordedAt,
            Map<String, String> action,
            Map<String, Map<String, String>> actors,
            List<Map<String, String>> resources,
            String description,
            Map<String, String> result) {}

    @GET
    @Transactional
    public Hal.ListBody<ActivityResponse> list(
            @PathParam("envID") String envId, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        UUID environmentId = Ids.parse(envId, "environment " + envId);
        access.require(Permission.READ, environmentId);
        Paging paging = Paging.of(limit, cursor);
        return hal.list("/environments/" + environmentId + "/activities", "activities",
                paging.fetch(activities, "environmentId", environmentId, a -> a.id, ActivitiesResource::toResponse), paging);
    }

    private static ActivityResponse toResponse(Activity a) {
        return new ActivityResponse(
                a.id,
                a.recordedAt,
                Map.of("type", a.action),
                Map.of("client", Map.of("id", a.actorClientId.toString())),
                List.of(Map.of("type", a.resourceType, "id", a.resourceId.toString())),
                a.description,
                Map.of("status", "SUCCESS"));
    }
}
