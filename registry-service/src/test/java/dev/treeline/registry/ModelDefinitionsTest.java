package dev.treeline.registry;

import static dev.treeline.registry.TuningResults.bytes;
import static dev.treeline.registry.TuningResults.completed;
import static dev.treeline.registry.TuningResults.newGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.treeline.events.EventCodec;
import dev.treeline.events.EventEnvelope;
import dev.treeline.events.ModelDefinitionChanged;
import dev.treeline.events.ModelGroupChanged;
import dev.treeline.events.Topics;
import dev.treeline.infra.LocalInfraTestResource;
import dev.treeline.support.persistence.ProcessedEvent;
import dev.treeline.support.testing.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * data-prep's definition revisions from the real broker: a defined model's group is listed before its first
 * version and announced to the deployers; a late older revision or a redelivery changes nothing; a malformed one
 * is dead-lettered.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalInfraTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "registry") })
class ModelDefinitionsTest {

    private static final String CONSUMER = "registry.model-definitions";

    @Test
    void definedModelIsListedBeforeItsFirstVersionAndAnnouncedToTheDeployers() {
        String group = newGroup("defined");
        EventEnvelope<ModelDefinitionChanged> first = Definitions.revision(group, 1, "Sale price of a house", true,
                false);

        send(first);

        String viewer = TestUsers.create("viewer");
        await().atMost(Duration.ofSeconds(30)).until(() -> listed(viewer, group) != null);
        JsonPath listed = new JsonPath(TestUsers.as(viewer).get("/groups").then().statusCode(200).extract().asString());
        String at = "find { it.name == '" + group + "' }.";
        assertThat(listed.getString(at + "description")).isEqualTo("Sale price of a house");
        assertThat(listed.getString(at + "owner")).isEqualTo("pricing-team");
        assertThat(listed.getList(at + "tags")).containsExactly("demo", "regression");
        assertThat(listed.getBoolean(at + "retired")).isFalse();
        assertThat(listed.getInt(at + "definitionRevision")).isEqualTo(1);
        assertThat(listed.getInt(at + "latestVersion")).isZero();
        assertThat(listed.getString(at + "latestApprovedVersion")).isNull();
        assertThat(listed.getLong(at + "pendingVersions")).isZero();
        TestUsers.as(viewer).get("/groups/" + group).then().statusCode(200)
                .body("name", equalTo(group)).body("description", equalTo("Sale price of a house"))
                .body("owner", equalTo("pricing-team")).body("tags", contains("demo", "regression"))
                .body("retired", equalTo(false)).body("definitionRevision", equalTo(1))
                .body("definedAt", equalTo("2026-12-02T09:00:01Z")).body("serving.preload", equalTo(true))
                .body("latestVersion", equalTo(0));

        ModelGroupChanged announced = groupChanges(group, 1).get(0);
        assertThat(announced.description()).isEqualTo("Sale price of a house");
        assertThat(announced.owner()).isEqualTo("pricing-team");
        assertThat(announced.tags()).containsExactly("demo", "regression");
        assertThat(announced.serving().preload()).isTrue();
        assertThat(announced.definitionRevision()).isEqualTo(1);
        assertThat(announced.retired()).isFalse();

        // Its first version joins the defined group and keeps what the definition said.
        TestKafka.send(Topics.TUNING, group, bytes(completed(group, "hp-" + group + "-1", 10.0, false)));
        await().atMost(Duration.ofSeconds(30)).until(() -> RegistrationTest.versionsOf(group).size() == 1);
        TestUsers.as(viewer).get("/groups/" + group).then().statusCode(200)
                .body("latestVersion", equalTo(1)).body("pendingVersions", equalTo(1))
                .body("description", equalTo("Sale price of a house")).body("definitionRevision", equalTo(1));
    }

    @Test
    void aGroupCreatedByAVersionAloneHasNoDefinition() {
        String group = newGroup("undefined");
        TestKafka.send(Topics.TUNING, group, bytes(completed(group, "hp-" + group + "-1", 10.0, false)));
        await().atMost(Duration.ofSeconds(30)).until(() -> RegistrationTest.versionsOf(group).size() == 1);

        TestUsers.as(TestUsers.create("viewer")).get("/groups/" + group).then().statusCode(200)
                .body("latestVersion", equalTo(1)).body("definitionRevision", nullValue())
                .body("description", nullValue()).body("tags", empty()).body("retired", equalTo(false))
                .body("serving", nullValue());
    }

    @Test
    void anOlderRevisionArrivingLateOrARedeliveryChangesNothingAndARetirementIsApplied() {
        String group = newGroup("late-def");
        EventEnvelope<ModelDefinitionChanged> second = Definitions.revision(group, 2, "second", false, false);
        EventEnvelope<ModelDefinitionChanged> first = Definitions.revision(group, 1, "first", true, false);

        send(second);
        send(first); // late: data-prep applied it before the second
        send(second); // redelivered: same event id
        awaitProcessed(first);

        String viewer = TestUsers.create("viewer");
        TestUsers.as(viewer).get("/groups/" + group).then().statusCode(200)
                .body("description", equalTo("second")).body("definitionRevision", equalTo(2))
                .body("serving.preload", equalTo(false));
        assertThat(announcedInOutbox(group)).as("only revision 2 was announced").isEqualTo(1);

        send(Definitions.revision(group, 3, "second", false, true));
        List<ModelGroupChanged> changes = groupChanges(group, 2);
        assertThat(changes).extracting(ModelGroupChanged::definitionRevision).containsExactly(2, 3);
        assertThat(changes).extracting(ModelGroupChanged::retired).containsExactly(false, true);
        TestUsers.as(viewer).get("/groups/" + group).then().statusCode(200)
                .body("retired", equalTo(true)).body("definitionRevision", equalTo(3));
    }

    @Test
    void aMalformedDefinitionEventIsDeadLetteredWithItsReasonAndTheNextOneIsApplied() {
        String group = newGroup("bad-def");
        EventEnvelope<ModelDefinitionChanged> named = Definitions.revision("someone-else", 1, "x", false, false);
        // the definition names another model than the event: invalid
        String malformed = new String(EventCodec.shared().encode(named), StandardCharsets.UTF_8)
                .replace("\"model\":\"someone-else\"", "\"model\":\"" + group + "\"")
                .replace("\"subject\":\"someone-else\"", "\"subject\":\"" + group + "\"");
        TestKafka.send(Topics.MODEL_DEFINITIONS, group, malformed.getBytes(StandardCharsets.UTF_8));
        send(Definitions.revision(group, 1, "valid", false, false));

        List<ConsumerRecord<String, byte[]>> dead = TopicReader.recordsUntil(
                Topics.deadLetter(Topics.MODEL_DEFINITIONS),
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(group), 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .contains("invalid ModelDefinitionChanged event");
        assertThat(groupChanges(group, 1)).extracting(ModelGroupChanged::description).containsExactly("valid");
    }

    private static void send(EventEnvelope<ModelDefinitionChanged> event) {
        TestKafka.send(Topics.MODEL_DEFINITIONS, event.subject(), EventCodec.shared().encode(event));
    }

    private static Object listed(String viewer, String group) {
        return new JsonPath(TestUsers.as(viewer).get("/groups").then().statusCode(200).extract().asString())
                .get("find { it.name == '" + group + "' }");
    }

    private static void awaitProcessed(EventEnvelope<?> event) {
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ProcessedEvent.findById(new ProcessedEvent.Key(CONSUMER, event.eventId())) != null));
    }

    private static long announcedInOutbox(String group) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) ProcessedEvent.getEntityManager()
                .createNativeQuery("select count(*) from outbox_event where message_key = :group"
                        + " and event_type = 'ModelGroupChanged'")
                .setParameter("group", group).getSingleResult()).longValue());
    }

    private static List<ModelGroupChanged> groupChanges(String group, int expected) {
        return TopicReader.recordsUntil(Topics.MODEL_PACKAGES, r -> group.equals(r.key())
                        && "ModelGroupChanged".equals(EventCodec.shared().decode(r.value()).type().wireName()), expected,
                Duration.ofSeconds(30)).stream()
                .map(r -> EventCodec.shared().decode(r.value(), ModelGroupChanged.class).payload()).toList();
    }
}
