package dev.netshrink.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netshrink.protocol.topic.Topics;
import dev.netshrink.protocol.wire.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrialDecisionWireTest {

  private final Topics topics = Topics.withDefaultPrefix();

  @Test
  void decisionsRoundTripThroughTheEventsSerde() {
    var serde = topics.events().valueSerde();
    List<CampaignEvent> decisions =
        List.of(
            new TrialQueued("e1", new TrialRef("c", "c/s", "c/s#2", null), 5L, 2),
            new TrialRetried("e2", new TrialRef("c", "c/s", "c/s#1", null), 6L, "NaN loss", false),
            new TrialAbandoned("e3", new TrialRef("c", "c/p", null, null), 7L, "teacher failed"));

    for (CampaignEvent e : decisions) {
      byte[] bytes = serde.serializer().serialize("t", e);
      assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(e);
    }
  }

  @Test
  void theEnvelopeIsFlatOnTheWire() throws Exception {
    CampaignEvent retried =
        new TrialRetried("e2", new TrialRef("c", "c/s", "c/s#1", null), 6L, "worker w1 left", true);

    JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(retried));

    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactlyInAnyOrder(
            "type",
            "eventId",
            "campaignId",
            "trialId",
            "jobId",
            "workerId",
            "atMillis",
            "reason",
            "lost");
    assertThat(json.get("type").asText()).isEqualTo("TrialRetried");
    assertThat(json.get("jobId").asText()).isEqualTo("c/s#1");
    assertThat(json.get("workerId").isNull()).isTrue();
  }

  @Test
  void aRetryWrittenBeforeLossesWereCountedApartReadsAsAFailure() {
    byte[] old =
        ("{\"type\":\"TrialRetried\",\"eventId\":\"e2\",\"campaignId\":\"c\","
                + "\"trialId\":\"c/s\",\"jobId\":\"c/s#1\",\"workerId\":null,\"atMillis\":6,"
                + "\"reason\":\"NaN loss\"}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    TrialRetried back =
        (TrialRetried) topics.events().valueSerde().deserializer().deserialize("t", old);

    assertThat(back.lost()).isFalse();
  }
}
