package dev.sightline.alerting.silence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.errors.ApiError;
import dev.sightline.query.errors.BadParameterException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Silences over HTTP, in the shape of Alertmanager's v2 API ({@code matchers: [{name, value, isRegex, isEqual}]},
 * {@code startsAt}, {@code endsAt}, {@code createdBy}, {@code comment}), so payloads written for {@code amtool} or
 * Alertmanager's API work unchanged; only the path differs.
 */
@Path("/api/silences")
@Produces(MediaType.APPLICATION_JSON)
public class SilenceResource {
    private final SilenceStore store;
    private final Clock clock;

    public SilenceResource(SilenceStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "List silences", description = "Active first, then pending, then expired (kept 5 days), "
            + "as Alertmanager lists them; each with its state computed now.")
    public ArrayNode list() {
        Instant now = clock.instant();
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        store.list().stream()
                .sorted(Comparator.comparing((Silence s) -> order(s.state(now))).thenComparing(Silence::startsAt))
                .forEach(s -> out.add(json(s, now)));
        return out;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One silence")
    public Response get(@PathParam("id") String id) {
        return store.get(uuid(id)).map(s -> Response.ok(json(s, clock.instant())).build())
                .orElseGet(() -> notFound(id));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a silence", description = "Alertmanager v2 body: {matchers: [{name, value, "
            + "isRegex, isEqual}], startsAt, endsAt, createdBy, comment}; isEqual defaults to true, a missing or "
            + "past startsAt means now. Answers 201 with the silence (and silenceID, as Alertmanager does); 400 "
            + "naming the field at fault.")
    public Response create(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadParameterException("body", "must be a JSON object with matchers, startsAt, endsAt, "
                    + "createdBy and comment");
        }
        if (body.hasNonNull("id") && !body.get("id").asText().isEmpty()) {
            throw new BadParameterException("id", "updating a silence is not supported: expire it and create a new "
                    + "one");
        }
        SilenceRequest request = new SilenceRequest(matchers(body.get("matchers")), time(body, "startsAt", false),
                time(body, "endsAt", true), text(body, "createdBy"), text(body, "comment"));
        Silence created;
        try {
            created = store.create(request);
        } catch (InvalidSilenceException e) {
            throw new BadParameterException(e.field(), e.getMessage());
        }
        ObjectNode out = json(created, clock.instant());
        out.put("silenceID", created.id().toString());
        return Response.created(URI.create("/api/silences/" + created.id())).entity(out).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Expire a silence", description = "Ends it now (it stays listed as expired), as "
            + "Alertmanager's DELETE does. Expiring an expired silence changes nothing.")
    public Response expire(@PathParam("id") String id) {
        return store.expire(uuid(id)).map(s -> Response.ok(json(s, clock.instant())).build())
                .orElseGet(() -> notFound(id));
    }

    static ObjectNode json(Silence s, Instant now) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", s.id().toString());
        out.putObject("status").put("state", s.state(now).apiName());
        out.put("updatedAt", s.updatedAt().toString());
        ArrayNode matchers = out.putArray("matchers");
        for (Matcher m : s.matchers()) {
            matchers.addObject().put("name", m.name()).put("value", m.value())
                    .put("isRegex", m.op().isRegex()).put("isEqual", m.op().isEqual());
        }
        out.put("startsAt", s.startsAt().toString());
        out.put("endsAt", s.endsAt().toString());
        out.put("createdBy", s.createdBy());
        out.put("comment", s.comment());
        return out;
    }

    private static List<Matcher> matchers(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new BadParameterException("matchers", "is required: a list of {name, value, isRegex, isEqual}");
        }
        if (!node.isArray()) {
            throw new BadParameterException("matchers", "must be a list of {name, value, isRegex, isEqual}");
        }
        List<Matcher> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String field = "matchers[" + i + "]";
            JsonNode m = node.get(i);
            if (!m.isObject()) {
                throw new BadParameterException(field, "must be an object {name, value, isRegex, isEqual}");
            }
            String name = text(m, "name", field + ".name");
            String value = m.get("value") == null || !m.get("value").isTextual() ? null : m.get("value").asText();
            if (value == null) {
                throw new BadParameterException(field + ".value", "is required (a string)");
            }
            boolean isRegex = bool(m, "isRegex", false, field);
            boolean isEqual = bool(m, "isEqual", true, field);
            try {
                out.add(Matcher.of(name, Matcher.Op.of(isRegex, isEqual), value));
            } catch (IllegalArgumentException e) {
                throw new BadParameterException(field + ".value", e.getMessage());
            }
        }
        return out;
    }

    private static boolean bool(JsonNode m, String key, boolean absent, String field) {
        JsonNode v = m.get(key);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isBoolean()) {
            throw new BadParameterException(field + "." + key, "must be true or false");
        }
        return v.booleanValue();
    }

    private static String text(JsonNode body, String key) {
        return text(body, key, key);
    }

    private static String text(JsonNode body, String key, String field) {
        JsonNode v = body.get(key);
        if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
            throw new BadParameterException(field, "is required (a non-empty string)");
        }
        return v.asText();
    }

    private static Instant time(JsonNode body, String key, boolean required) {
        JsonNode v = body.get(key);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            if (required) {
                throw new BadParameterException(key, "is required (RFC 3339, e.g. 2026-05-01T12:00:00Z)");
            }
            return null;
        }
        try {
            return OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameterException(key, "'" + v.asText() + "' is not an RFC 3339 time, e.g. "
                    + "2026-05-01T12:00:00Z");
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("id", "'" + id + "' is not a silence ID (a UUID)");
        }
    }

    private static Response notFound(String id) {
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("no silence " + id, "id")).build();
    }

    private static int order(SilenceState state) {
        return switch (state) {
            case ACTIVE -> 0;
            case PENDING -> 1;
            case EXPIRED -> 2;
        };
    }
}
