package dev.netshrink.workers.runtime;

import ai.djl.Model;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.JobSpec.PruneJob;
import dev.netshrink.protocol.job.JobSpec.PruneTarget;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.prune.PrunePoint;
import dev.netshrink.workers.prune.PruningSweep;
import java.time.Duration;
import java.util.List;

/**
 * The pruning sweep: for each target (best student, teacher) load its checkpoint from Kafka,
 * prune every conv layer at each ratio by L1 magnitude, no fine-tuning, and measure accuracy.
 */
public final class PruneJobRunner implements JobRunner {

  private static final Duration CHECKPOINT_TIMEOUT = Duration.ofMinutes(2);

  private final DatasetCache datasets;
  private final CheckpointTransport checkpoints;
  private final int evalBatchSize;

  public PruneJobRunner(DatasetCache datasets, CheckpointTransport checkpoints,
      int evalBatchSize) {
    this.datasets = datasets;
    this.checkpoints = checkpoints;
    this.evalBatchSize = evalBatchSize;
  }

  @Override
  public void run(RunJob run, JobEvents events, Cancellation cancellation) throws Exception {
    long start = System.nanoTime();
    PruneJob job = (PruneJob) run.job();
    ImageDataset test = datasets.test(job.dataset());
    List<Double> ratios = job.pruning().ratios().values();
    int done = 0;
    for (PruneTarget target : job.targets()) {
      cancellation.check();
      CheckpointTransport.Checkpoint checkpoint = checkpoints
          .readLatest(target.checkpointTrialId(), CHECKPOINT_TIMEOUT)
          .orElseThrow(() -> new IllegalStateException(
              "no checkpoint of " + target.checkpointTrialId() + " on the checkpoints topic"));
      try (Model model = Networks.load(target.arch(), target.widths(), test,
          checkpoint.parameters())) {
        for (double ratio : ratios) {
          cancellation.check();
          PrunePoint p = PruningSweep.run(model.getBlock(), test, List.of(ratio), evalBatchSize)
              .get(0);
          events.prunePoint(target.model(), job.pruning().method(), p);
          events.progress("sweep", ++done, (long) ratios.size() * job.targets().size());
        }
      }
    }
    events.completed(Double.NaN, 0, (System.nanoTime() - start) / 1e9);
  }
}
