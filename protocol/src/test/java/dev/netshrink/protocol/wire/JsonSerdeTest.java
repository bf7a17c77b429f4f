package dev.netshrink.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.LogitsPublished;
import dev.netshrink.protocol.event.TrialCompleted;
import dev.netshrink.protocol.event.TrialRef;
import dev.netshrink.protocol.worker.Heartbeat;
import dev.netshrink.protocol.worker.WorkerRole;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

  private final JsonSerde<CampaignEvent> events = new JsonSerde<>(CampaignEvent.class);
  private final JsonSerde<Heartbeat> heartbeats = new JsonSerde<>(Heartbeat.class);

  @Test
  void aNullValueIsANullRecordBothWays() {
    assertThat(events.serializer().serialize("t", null)).isNull();
    assertThat(events.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void nanAccuracyTravelsAsNullAndComesBackAsNaN() {
    var sweep =
        new TrialCompleted(
            "e", new TrialRef("c", "c/prune", "c/prune#1", "w"), 1L, Double.NaN, 0, 2.5);

    byte[] bytes = events.serializer().serialize("t", sweep);

    assertThat(text(bytes)).contains("\"accuracy\":null").doesNotContain("NaN");
    assertThat(((TrialCompleted) events.deserializer().deserialize("t", bytes)).accuracy()).isNaN();
    // a record from before, with the bare NaN token, still reads
    byte[] older = bytes(text(bytes).replace("\"accuracy\":null", "\"accuracy\":NaN"));
    assertThat(((TrialCompleted) events.deserializer().deserialize("t", older)).accuracy()).isNaN();
  }

  @Test
  void fieldsANewerWriterAddsAreIgnored() {
    byte[] json =
        bytes(
            "{\"workerId\":\"w\",\"role\":\"pruner\",\"sentAtMillis\":5,"
                + "\"metricsUrl\":\"http://10.0.0.7:9400/metrics\",\"leaving\":true,"
                + "\"gpu\":\"H200\"}");

    Heartbeat back = heartbeats.deserializer().deserialize("t", json);

    assertThat(back)
        .isEqualTo(
            new Heartbeat("w", WorkerRole.PRUNER, null, "http://10.0.0.7:9400/metrics", 5, true));
  }

  @Test
  void logitsPublishedBeforeLogitsWereKeyedByContentReadAsComputedNotReused() {
    byte[] json =
        bytes(
            "{\"type\":\"LogitsPublished\",\"eventId\":\"e\",\"campaignId\":\"c\","
                + "\"trialId\":\"c/teacher\",\"jobId\":\"c/teacher#1\",\"workerId\":\"w\","
                + "\"atMillis\":3,\"logitsKey\":\"c/teacher\",\"images\":100,\"classes\":10,"
                + "\"precision\":\"fp16\",\"blocks\":1,\"bytes\":2022}");

    LogitsPublished back = (LogitsPublished) events.deserializer().deserialize("t", json);

    assertThat(back.logitsKey()).isEqualTo("c/teacher");
    assertThat(back.reused()).isFalse();
  }

  @Test
  void malformedJsonIsASerializationExceptionNamingTheTypeAndTopic() {
    assertThatThrownBy(
            () ->
                heartbeats
                    .deserializer()
                    .deserialize("netshrink.workers", bytes("{\"workerId\":\"w\",")))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("cannot decode Heartbeat from netshrink.workers: ");
  }

  @Test
  void anEventWithoutItsTypeIsRejected() {
    assertThatThrownBy(
            () ->
                events
                    .deserializer()
                    .deserialize(
                        "t", bytes("{\"eventId\":\"e\",\"campaignId\":\"c\",\"atMillis\":1}")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot decode CampaignEvent")
        .hasMessageContaining("type");
  }

  @Test
  void aTrialEventWithoutItsIdsIsRejectedNamingTheMissingField() {
    assertThatThrownBy(
            () ->
                events
                    .deserializer()
                    .deserialize(
                        "netshrink.events",
                        bytes(
                            "{\"type\":\"TrialFailed\",\"eventId\":\"e\",\"atMillis\":1,"
                                + "\"reason\":\"x\"}")))
        .isInstanceOf(SerializationException.class)
        .hasMessage("invalid TrialFailed on netshrink.events: campaignId is missing");
  }

  @Test
  void aJsonNullIsRejectedUnlikeATombstone() {
    assertThatThrownBy(() -> events.deserializer().deserialize("netshrink.events", bytes("null")))
        .isInstanceOf(SerializationException.class)
        .hasMessage("a JSON null on netshrink.events is not a CampaignEvent");
  }

  @Test
  void anUnknownEnumNameIsRejected() {
    assertThatThrownBy(
            () ->
                heartbeats
                    .deserializer()
                    .deserialize(
                        "t",
                        bytes("{\"workerId\":\"w\",\"role\":\"gardener\",\"sentAtMillis\":5}")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown worker role 'gardener'");
  }

  @Test
  void notJsonAtAllIsRejected() {
    assertThatThrownBy(
            () -> heartbeats.deserializer().deserialize("t", new byte[] {1, 0, 0, 0, 4, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("cannot decode Heartbeat from t: ");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void aHeartbeatFromAHostWithAnUnderscoreOrAnIpv6AddressIsValid() {
    for (String url :
        List.of("http://netshrink_worker_1:9400/metrics", "http://[::1]:9400/metrics")) {
      byte[] json =
          bytes(
              "{\"workerId\":\"w\",\"role\":\"pruner\",\"sentAtMillis\":5,\"metricsUrl\":\""
                  + url
                  + "\",\"leaving\":false}");

      assertThat(heartbeats.deserializer().deserialize("t", json).metricsUrl()).isEqualTo(url);
    }
  }
}
