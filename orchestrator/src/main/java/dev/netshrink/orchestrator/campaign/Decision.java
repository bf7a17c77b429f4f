package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.StopCause;
import dev.netshrink.protocol.event.TrialAbandoned;
import dev.netshrink.protocol.event.TrialDecision;
import dev.netshrink.protocol.event.TrialPromoted;
import dev.netshrink.protocol.event.TrialQueued;
import dev.netshrink.protocol.event.TrialRef;
import dev.netshrink.protocol.event.TrialReopened;
import dev.netshrink.protocol.event.TrialRetried;
import dev.netshrink.protocol.event.TrialStopped;
import dev.netshrink.protocol.job.Assignment.RunJob;

/**
 * What {@link CampaignScheduler} (or a user) decided for one trial, as a plain value: the campaign
 * actor records each as a {@link TrialDecision} event, folds it like any other and publishes it.
 */
public sealed interface Decision {

  TrialRef ref();

  /** The event that records this decision. */
  TrialDecision recorded(String eventId, long atMillis);

  /** Run {@code job}, the next attempt of its trial. */
  record Queue(RunJob job) implements Decision {

    @Override
    public TrialRef ref() {
      return new TrialRef(job.campaignId(), job.trialId(), job.jobId(), null);
    }

    @Override
    public TrialDecision recorded(String eventId, long atMillis) {
      return new TrialQueued(eventId, ref(), atMillis, job.attempt());
    }
  }

  /**
   * The attempt {@code ref.jobId()} failed, or was {@code lost} with its worker: run the trial
   * again.
   */
  record Retry(TrialRef ref, String reason, boolean lost) implements Decision {

    @Override
    public TrialDecision recorded(String eventId, long atMillis) {
      return new TrialRetried(eventId, ref, atMillis, reason, lost);
    }
  }

  /** The trial fails for good. */
  record Abandon(TrialRef ref, String reason) implements Decision {

    @Override
    public TrialDecision recorded(String eventId, long atMillis) {
      return new TrialAbandoned(eventId, ref, atMillis, reason);
    }
  }

  /**
   * The trial ends now, after {@code epoch} epochs: its running attempt (if any) is told to stop.
   */
  record Stop(TrialRef ref, StopCause cause, int epoch, String reason) implements Decision {

    @Override
    public TrialDecision recorded(String eventId, long atMillis) {
      return new TrialStopped(eventId, ref, atMillis, cause, epoch, reason);
    }
  }

  /** The stopping rule let the trial go on past the rung at {@code epoch}. */
  record Promote(TrialRef ref, int epoch, String reason) implements Decision {

    @Override
    public TrialDecision recorded(String eventId, long atMillis) {
      return new TrialPromoted(eventId, ref, atMillis, epoch, reason);
    }
  }

  /** A user has the failed or stopped trial run again. */
  record Reopen(TrialRef ref, String reason) implements Decision {

    @Override
    public TrialDecision recorded(String eventId, long atMillis) {
      return new TrialReopened(eventId, ref, atMillis, reason);
    }
  }
}
