package dev.netshrink.protocol.view;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.netshrink.protocol.worker.WorkerRole;
import java.util.List;

/**
 * One trial: its kind (teacher, student, prune), KD settings for students, where it runs, its
 * per-epoch history, progress (0..1 over the whole trial) and final figures; {@code modelBytes} is
 * the size of its model's parameters file, as its last checkpoint had it (null: none yet); {@code
 * settings} how a trial drawn by a search trains (null: as the spec's student), {@code stop} why a
 * stopped trial ended (null: it was not stopped).
 */
public record TrialView(
    String trialId,
    String name,
    String kind,
    Double alpha,
    Double temperature,
    TrialStatus state,
    int attempt,
    String workerId,
    List<EpochView> epochs,
    double progress,
    String phase,
    Double accuracy,
    Long parameters,
    Double seconds,
    String error,
    Long modelBytes,
    TrialSettings settings,
    TrialStop stop) {

  /** A trial that trains as the spec says and was never stopped. */
  public TrialView(
      String trialId,
      String name,
      String kind,
      Double alpha,
      Double temperature,
      TrialStatus state,
      int attempt,
      String workerId,
      List<EpochView> epochs,
      double progress,
      String phase,
      Double accuracy,
      Long parameters,
      Double seconds,
      String error,
      Long modelBytes) {
    this(
        trialId,
        name,
        kind,
        alpha,
        temperature,
        state,
        attempt,
        workerId,
        epochs,
        progress,
        phase,
        accuracy,
        parameters,
        seconds,
        error,
        modelBytes,
        null,
        null);
  }

  /** The role of the workers that run this trial's jobs. */
  @JsonIgnore
  public WorkerRole role() {
    return switch (kind) {
      case "teacher" -> WorkerRole.TEACHER;
      case "prune" -> WorkerRole.PRUNER;
      default -> WorkerRole.STUDENT;
    };
  }
}
