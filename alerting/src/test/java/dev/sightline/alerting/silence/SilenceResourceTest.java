package dev.sightline.alerting.silence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sightline.alerting.storage.AlertingDatabase;
import dev.sightline.query.errors.BadParameterException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SilenceResourceTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private AlertingDatabase db;
    private SilenceResource resource;

    @BeforeEach
    void open() {
        db = AlertingDatabase.open(dir);
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        resource = new SilenceResource(new SilenceStore(db, clock), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static JsonNode body(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void acceptsAnAlertmanagerV2BodyAndAnswersWithTheSilence() throws Exception {
        Response created = resource.create(body("{'matchers':[{'name':'service','value':'checkout','isRegex':false,"
                + "'isEqual':true},{'name':'severity','value':'page|ticket','isRegex':true}],"
                + "'startsAt':'2026-05-01T11:00:00Z','endsAt':'2026-05-01T16:00:00+02:00',"
                + "'createdBy':'alice','comment':'deploy'}"));

        assertThat(created.getStatus()).isEqualTo(201);
        JsonNode silence = (JsonNode) created.getEntity();
        String id = silence.get("id").asText();
        assertThat(created.getLocation().toString()).isEqualTo("/api/silences/" + id);
        assertThat(silence.get("silenceID").asText()).isEqualTo(id);
        assertThat(silence.at("/status/state").asText()).isEqualTo("active");
        assertThat(silence.get("startsAt").asText()).as("past start moved to now").isEqualTo("2026-05-01T12:00:00Z");
        assertThat(silence.get("endsAt").asText()).as("offset read").isEqualTo("2026-05-01T14:00:00Z");
        assertThat(silence.at("/matchers/1/isRegex").booleanValue()).isTrue();
        assertThat(silence.at("/matchers/1/isEqual").booleanValue()).as("defaults to true").isTrue();
        assertThat(silence.get("createdBy").asText()).isEqualTo("alice");

        assertThat(((JsonNode) resource.get(id).getEntity()).get("comment").asText()).isEqualTo("deploy");
        ArrayNode list = resource.list();
        assertThat(list).hasSize(1);
    }

    @Test
    void deleteExpiresTheSilence() throws Exception {
        Response created = resource.create(body("{'matchers':[{'name':'service','value':'cart'}],"
                + "'endsAt':'2026-05-01T13:00:00Z','createdBy':'bob','comment':'x'}"));
        String id = ((JsonNode) created.getEntity()).get("id").asText();

        Response deleted = resource.expire(id);

        assertThat(deleted.getStatus()).isEqualTo(200);
        assertThat(((JsonNode) deleted.getEntity()).at("/status/state").asText()).isEqualTo("expired");
        assertThat(resource.expire(UUID.randomUUID().toString()).getStatus()).isEqualTo(404);
        assertThat(resource.get(UUID.randomUUID().toString()).getStatus()).isEqualTo(404);
    }

    @Test
    void badInputIsAnswered400NamingTheField() {
        assertBad("{'matchers':[{'name':'service','value':'check(','isRegex':true}],'endsAt':'2026-05-01T13:00:00Z',"
                + "'createdBy':'a','comment':'b'}", "matchers[0].value", "invalid regular expression");
        assertBad("{'matchers':[{'name':'service'}],'endsAt':'2026-05-01T13:00:00Z','createdBy':'a','comment':'b'}",
                "matchers[0].value", "required");
        assertBad("{'matchers':[{'name':'a','value':'b','isEqual':'no'}],'endsAt':'2026-05-01T13:00:00Z',"
                + "'createdBy':'a','comment':'b'}", "matchers[0].isEqual", "true or false");
        assertBad("{'endsAt':'2026-05-01T13:00:00Z','createdBy':'a','comment':'b'}", "matchers", "required");
        assertBad("{'matchers':[{'name':'a','value':''}],'endsAt':'2026-05-01T13:00:00Z','createdBy':'a',"
                + "'comment':'b'}", "matchers", "empty string");
        assertBad("{'matchers':[{'name':'a','value':'b'}],'endsAt':'tomorrow','createdBy':'a','comment':'b'}",
                "endsAt", "RFC 3339");
        assertBad("{'matchers':[{'name':'a','value':'b'}],'endsAt':'2026-05-01T11:00:00Z','createdBy':'a',"
                + "'comment':'b'}", "endsAt", "in the past");
        assertBad("{'matchers':[{'name':'a','value':'b'}],'endsAt':'2026-05-01T13:00:00Z','comment':'b'}",
                "createdBy", "required");
        assertThatThrownBy(() -> resource.get("not-a-uuid")).isInstanceOfSatisfying(BadParameterException.class,
                e -> assertThat(e.parameter()).isEqualTo("id"));
    }

    private void assertBad(String json, String field, String reason) {
        assertThatThrownBy(() -> resource.create(body(json)))
                .isInstanceOfSatisfying(BadParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo(field))
                .hasMessageContaining(reason);
    }
}
