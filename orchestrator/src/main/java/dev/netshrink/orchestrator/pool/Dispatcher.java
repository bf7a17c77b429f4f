package dev.netshrink.orchestrator.pool;

import dev.netshrink.protocol.job.Assignment;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.worker.WorkerRole;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The pool's matching of queued jobs to free workers, called on the pool actor's thread whenever a
 * job is queued or a worker becomes free: per role, the longest-free worker takes the queue's head
 * (with the trials {@link Packs} fuses with it), until the role has no free worker or no job.
 */
final class Dispatcher {

  private final AssignmentSender sender;
  private final LongSupplier clock;
  private final PoolMetrics metrics;
  private final Logger log;

  Dispatcher(AssignmentSender sender, LongSupplier clock, PoolMetrics metrics, Logger log) {
    this.sender = sender;
    this.clock = clock;
    this.metrics = metrics;
    this.log = log;
  }

  void dispatch(Map<WorkerRole, Deque<WorkerPool.Queued>> queues, Collection<WorkerEntry> workers) {
    for (Map.Entry<WorkerRole, Deque<WorkerPool.Queued>> entry : queues.entrySet()) {
      Deque<WorkerPool.Queued> queue = entry.getValue();
      while (!queue.isEmpty()) {
        // the free worker that has waited longest, so that work spreads over all of them
        Optional<WorkerEntry> free =
            workers.stream()
                .filter(w -> w.role == entry.getKey() && w.canTakeAJob())
                .min(Comparator.comparingLong(w -> w.assignedAtMillis));
        if (free.isEmpty()) {
          break;
        }
        // shared out over the workers free now: 5 trials on 2 free workers go as 3, then 2
        long freeNow =
            workers.stream().filter(w -> w.role == entry.getKey() && w.canTakeAJob()).count();
        assign(Packs.take(queue, (int) freeNow), free.get());
      }
    }
  }

  private void assign(List<WorkerPool.Queued> jobs, WorkerEntry w) {
    jobs.forEach(q -> w.assigned.add(q.job().jobId()));
    w.mismatchedHeartbeats = 0;
    w.assignedAtMillis = clock.getAsLong();
    List<RunJob> runs = jobs.stream().map(WorkerPool.Queued::job).toList();
    if (runs.size() == 1) {
      log.info("assigning {} to {}", runs.get(0).jobId(), w.workerId);
      sender.send(w.workerId, runs.get(0));
    } else {
      Assignment.RunPack pack = new Assignment.RunPack(Assignment.RunPack.packIdOf(runs), runs);
      log.info("assigning {} to {} as one fused pack", pack.memberJobIds(), w.workerId);
      sender.send(w.workerId, pack);
    }
    jobs.forEach(
        q ->
            metrics.jobScheduled(
                System.nanoTime() - Math.max(q.enqueuedNanos(), w.freeSinceNanos)));
  }
}
