package dev.netshrink.orchestrator.pool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Jobs the log says run somewhere, waiting for a heartbeat that names them ({@link
 * WorkerPool.Watch}): each with its owner and since when, so that one nobody claims in time is
 * reported lost. Owned by the pool's actor, used only on its thread.
 */
final class WatchedJobs {

  private record Watched(ActorRef<WorkerPool.JobsLost> owner, long sinceMillis) {}

  private final Map<String, Watched> byJob = new HashMap<>();

  void watch(String jobId, ActorRef<WorkerPool.JobsLost> owner, long nowMillis) {
    byJob.put(jobId, new Watched(owner, nowMillis));
  }

  /** A heartbeat names {@code jobId}: its owner, if it was watched, and it is watched no more. */
  Optional<ActorRef<WorkerPool.JobsLost>> claim(String jobId) {
    return Optional.ofNullable(byJob.remove(jobId)).map(Watched::owner);
  }

  void forget(String jobId) {
    byJob.remove(jobId);
  }

  void forEach(BiConsumer<String, ActorRef<WorkerPool.JobsLost>> action) {
    byJob.forEach((jobId, w) -> action.accept(jobId, w.owner()));
  }

  /** Removes the jobs watched longer than {@code timeoutMillis}: each owner's, together. */
  Map<ActorRef<WorkerPool.JobsLost>, List<String>> expired(long nowMillis, long timeoutMillis) {
    Map<ActorRef<WorkerPool.JobsLost>, List<String>> unclaimed = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, Watched>> it = byJob.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Watched> e = it.next();
      if (nowMillis - e.getValue().sinceMillis() > timeoutMillis) {
        it.remove();
        unclaimed.computeIfAbsent(e.getValue().owner(), o -> new ArrayList<>()).add(e.getKey());
      }
    }
    return unclaimed;
  }
}
