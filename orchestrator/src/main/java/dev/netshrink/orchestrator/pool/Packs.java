package dev.netshrink.orchestrator.pool;

import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.JobSpec;
import dev.netshrink.protocol.spec.DatasetSpec;
import dev.netshrink.protocol.spec.FusePolicy;
import dev.netshrink.protocol.spec.StudentSpec;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Which queued jobs one worker takes together: the head of the queue, and, when it is a student
 * trial whose spec fuses, the compatible trials queued behind it (same campaign, data, student,
 * seed and teacher logits: they differ only in alpha and temperature), as many as {@link
 * FusePolicy#packSize} allows for the workers of the role free now.
 */
final class Packs {

  private Packs() {}

  /** What students must share to train as one fused network. */
  private record Key(
      String campaignId,
      DatasetSpec dataset,
      StudentSpec student,
      long seed,
      String logitsKey,
      int logitsCount) {

    static Key of(RunJob run) {
      JobSpec.StudentJob job = (JobSpec.StudentJob) run.job();
      return new Key(
          run.campaignId(),
          job.dataset(),
          job.student(),
          job.seed(),
          job.logitsKey(),
          job.logitsCount());
    }
  }

  /** Removes and returns the jobs the next free worker takes: at least the head. */
  static List<WorkerPool.Queued> take(Deque<WorkerPool.Queued> queue, int freeWorkers) {
    WorkerPool.Queued head = queue.removeFirst();
    List<WorkerPool.Queued> pack = new ArrayList<>(List.of(head));
    if (!(head.job().job() instanceof JobSpec.StudentJob student)) {
      return pack;
    }
    FusePolicy policy = student.student().fusePolicy();
    if (policy.limit() == 1) {
      return pack;
    }
    Key key = Key.of(head.job());
    List<WorkerPool.Queued> compatible =
        queue.stream()
            .filter(q -> q.job().job() instanceof JobSpec.StudentJob && Key.of(q.job()).equals(key))
            .toList();
    int size = policy.packSize(compatible.size() + 1, freeWorkers);
    for (Iterator<WorkerPool.Queued> it = compatible.iterator();
        it.hasNext() && pack.size() < size; ) {
      WorkerPool.Queued next = it.next();
      queue.remove(next);
      pack.add(next);
    }
    return pack;
  }
}
