package dev.netshrink.protocol.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.netshrink.protocol.wire.Validated;
import java.util.UUID;

/**
 * Everything that happens to a campaign, in the past tense, on the events topic (keyed by campaign
 * id). The orchestrator's state is a fold of these; {@code eventId} makes handling a redelivered
 * event a no-op.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TrialStarted.class, name = "TrialStarted"),
  @JsonSubTypes.Type(value = TrainingProgressed.class, name = "TrainingProgressed"),
  @JsonSubTypes.Type(value = EpochCompleted.class, name = "EpochCompleted"),
  @JsonSubTypes.Type(value = LogitsPublished.class, name = "LogitsPublished"),
  @JsonSubTypes.Type(value = CheckpointSaved.class, name = "CheckpointSaved"),
  @JsonSubTypes.Type(value = PrunePointMeasured.class, name = "PrunePointMeasured"),
  @JsonSubTypes.Type(value = TrialCompleted.class, name = "TrialCompleted"),
  @JsonSubTypes.Type(value = TrialFailed.class, name = "TrialFailed"),
  @JsonSubTypes.Type(value = PredictionsMade.class, name = "PredictionsMade"),
  @JsonSubTypes.Type(value = TrialQueued.class, name = "TrialQueued"),
  @JsonSubTypes.Type(value = TrialRetried.class, name = "TrialRetried"),
  @JsonSubTypes.Type(value = TrialAbandoned.class, name = "TrialAbandoned"),
  @JsonSubTypes.Type(value = TrialStopped.class, name = "TrialStopped"),
  @JsonSubTypes.Type(value = TrialPromoted.class, name = "TrialPromoted"),
  @JsonSubTypes.Type(value = TrialReopened.class, name = "TrialReopened"),
  @JsonSubTypes.Type(value = CampaignCancelled.class, name = "CampaignCancelled"),
  @JsonSubTypes.Type(value = ConcurrencyLimited.class, name = "ConcurrencyLimited"),
  @JsonSubTypes.Type(value = TrialsAdded.class, name = "TrialsAdded"),
  @JsonSubTypes.Type(value = CampaignCompleted.class, name = "CampaignCompleted")
})
public sealed interface CampaignEvent extends Validated
    permits TrialScoped, CampaignCompleted, CampaignCancelled, ConcurrencyLimited, TrialsAdded {

  String eventId();

  String campaignId();

  long atMillis();

  static String newId() {
    return UUID.randomUUID().toString();
  }
}
