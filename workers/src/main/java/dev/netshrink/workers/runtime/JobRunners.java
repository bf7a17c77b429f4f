package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.kafka.DeadLetters;
import dev.netshrink.protocol.kafka.RecordPublisher;

/** The job runner for a worker's role, wired to the worker's Kafka transports. */
public final class JobRunners {

  private JobRunners() {}

  public static JobRunner forRole(
      WorkerSettings settings,
      RecordPublisher publisher,
      DeadLetters deadLetters,
      DatasetCache datasets,
      WorkerMeters meters) {
    LogitsTransport logits =
        LogitsTransport.keeping(
            settings.kafka(), settings.topics(), publisher, deadLetters, meters);
    CheckpointTransport checkpoints =
        new CheckpointTransport(settings.kafka(), settings.topics(), publisher, deadLetters);
    return switch (settings.role()) {
      case TEACHER ->
          new TeacherJobRunner(
              datasets,
              logits,
              checkpoints,
              settings.evalBatchSize(),
              meters,
              settings.transferTimeouts().logits());
      case STUDENT ->
          new StudentJobRunner(
              datasets,
              logits,
              checkpoints,
              meters,
              settings.evalBatchSize(),
              settings.transferTimeouts());
      case PRUNER ->
          new PruneJobRunner(
              datasets,
              checkpoints,
              new CheckpointTransport(
                  settings.kafka(), settings.topics().models(), publisher, deadLetters),
              logits,
              settings.evalBatchSize(),
              settings.transferTimeouts());
    };
  }
}
