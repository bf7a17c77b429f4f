package dev.netshrink.orchestrator.http;

import dev.netshrink.protocol.event.CampaignSubmitted;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.SpecValidator;
import dev.netshrink.protocol.topic.Topics;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletionStage;

/**
 * Accepts a spec: validates it completely (throwing {@code InvalidSpecException} before anything
 * runs), gives it an id and writes it to the campaigns topic, the durable record the orchestrator
 * acts on.
 */
public final class CampaignSubmitter {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final RecordPublisher publisher;
  private final Topics topics;

  public CampaignSubmitter(RecordPublisher publisher, Topics topics) {
    this.publisher = publisher;
    this.topics = topics;
  }

  /** Completes with the new campaign id once the broker has the submission. */
  public CompletionStage<String> submit(String specText) {
    CampaignSpec spec = SpecValidator.load(specText, true);
    byte[] suffix = new byte[3];
    RANDOM.nextBytes(suffix);
    String id = spec.name() + "-" + HexFormat.of().formatHex(suffix);
    CampaignSubmitted submitted = new CampaignSubmitted(id, System.currentTimeMillis(), spec);
    return publisher.publish(topics.campaigns(), id, submitted).thenApply(meta -> id);
  }
}
