package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.CheckpointSaved;
import dev.netshrink.protocol.event.EpochCompleted;
import dev.netshrink.protocol.event.LogitsPublished;
import dev.netshrink.protocol.event.PredictionsMade;
import dev.netshrink.protocol.event.PrunePoint;
import dev.netshrink.protocol.event.PrunePointMeasured;
import dev.netshrink.protocol.event.TrainingProgressed;
import dev.netshrink.protocol.event.TrialCompleted;
import dev.netshrink.protocol.event.TrialFailed;
import dev.netshrink.protocol.event.TrialRef;
import dev.netshrink.protocol.event.TrialStarted;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.kafka.RecordPublisher;
import dev.netshrink.protocol.topic.Topics;
import java.util.List;

/**
 * The events of one job, stamped with its ids and sent to the events topic keyed by campaign (so
 * one campaign's events stay in order). Progress is throttled: a bar needs a few updates a second
 * at most, the log needs no more.
 */
public final class JobEvents {

  private static final long PROGRESS_INTERVAL_MILLIS = 2_000;

  private final RecordPublisher publisher;
  private final Topics topics;
  private final RunJob job;
  private final TrialRef ref;
  private final Runnable beforeEnd;
  private long lastProgressMillis;

  public JobEvents(RecordPublisher publisher, Topics topics, RunJob job, String workerId) {
    this(publisher, topics, job, workerId, () -> {});
  }

  /**
   * {@code beforeEnd} runs just before the job's last event (completed or failed) is sent: the
   * worker must count itself free by then, because the orchestrator may send the next assignment as
   * soon as it reads that event.
   */
  public JobEvents(
      RecordPublisher publisher, Topics topics, RunJob job, String workerId, Runnable beforeEnd) {
    this.publisher = publisher;
    this.topics = topics;
    this.job = job;
    this.ref = job.ref(workerId);
    this.beforeEnd = beforeEnd;
  }

  public void started() {
    send(new TrialStarted(id(), ref, now(), job.attempt()));
  }

  public void progress(String phase, long done, long total) {
    long now = now();
    if (done < total && now - lastProgressMillis < PROGRESS_INTERVAL_MILLIS) {
      return;
    }
    lastProgressMillis = now;
    send(new TrainingProgressed(id(), ref, now, phase, done, total));
  }

  public void epochCompleted(
      int epoch,
      int epochs,
      double kd,
      double ce,
      double total,
      double accuracy,
      double imagesPerSecond) {
    send(
        new EpochCompleted(
            id(), ref, now(), epoch, epochs, kd, ce, total, accuracy, imagesPerSecond));
  }

  public void logitsPublished(
      String key,
      int images,
      int classes,
      String precision,
      int blocks,
      long bytes,
      boolean reused) {
    // waited for: without it the students are never queued, so it must not be lost quietly
    sendAndWait(
        new LogitsPublished(
            id(), ref, now(), key, images, classes, precision, blocks, bytes, reused));
  }

  public void checkpointSaved(int epoch, int chunks, long bytes) {
    send(new CheckpointSaved(id(), ref, now(), epoch, chunks, bytes));
  }

  public void prunePointMeasured(PrunePoint point) {
    send(new PrunePointMeasured(id(), ref, now(), point));
  }

  public void predictions(List<String> ids, List<Integer> categories) {
    sendAndWait(new PredictionsMade(id(), ref, now(), ids, categories));
  }

  public void completed(double accuracy, long parameters, double seconds) {
    beforeEnd.run();
    sendAndWait(new TrialCompleted(id(), ref, now(), accuracy, parameters, seconds));
  }

  public void failed(String reason) {
    beforeEnd.run();
    sendAndWait(new TrialFailed(id(), ref, now(), reason));
  }

  private void send(CampaignEvent event) {
    publisher.send(topics.events(), job.campaignId(), event);
  }

  /** The end of a job is only reported once the broker has it: the worker is free after. */
  private void sendAndWait(CampaignEvent event) {
    publisher.publish(topics.events(), job.campaignId(), event).join();
  }

  private static String id() {
    return CampaignEvent.newId();
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
