package dev.netshrink.workers.runtime;

import ai.djl.Model;
import dev.netshrink.protocol.job.Assignment.RunJob;
import dev.netshrink.protocol.job.Assignment.RunPack;
import dev.netshrink.protocol.job.JobSpec.StudentJob;
import dev.netshrink.workers.data.ImageDataset;
import dev.netshrink.workers.distill.EpochListener;
import dev.netshrink.workers.distill.EpochReport;
import dev.netshrink.workers.distill.KnowledgeDistillationLoss;
import dev.netshrink.workers.distill.PackMember;
import dev.netshrink.workers.distill.PackTrainer;
import dev.netshrink.workers.distill.TeacherLogits;
import dev.netshrink.workers.distill.TrainingSettings;
import dev.netshrink.workers.model.Architectures;
import dev.netshrink.workers.model.DepthwiseStudentShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A fused pack of student trials ({@link PackTrainer}): the teacher's logits read once for all of
 * them, then trained side by side, each member reporting, checkpointing and ending as its own trial
 * does in {@link StudentJobRunner}. Retried members resume from their own checkpoints; members
 * whose checkpoints are of different epochs train as one pack per epoch, one after another.
 */
final class PackJobRunner {

  private final StudentJobRunner single;

  PackJobRunner(StudentJobRunner single) {
    this.single = single;
  }

  void run(RunPack pack, List<JobEvents> events, List<Cancellation> stops, Cancellation all)
      throws Exception {
    long start = System.nanoTime();
    StudentJob first = (StudentJob) pack.members().get(0).job();
    ImageDataset train = single.trainingSet(first);
    all.check();
    TeacherLogits logits = single.logits(first, train);
    all.check();
    int epochs = first.student().epochs();
    TrainingSettings settings =
        StudentJobRunner.studentSettings(first.student(), first.dataset(), first.seed(), epochs)
            .build();
    DepthwiseStudentShape shape =
        Architectures.studentShape(
            first.student().arch(), train.channels(), first.student().widths(), train.classes());
    Map<Integer, List<Integer>> byStart = new TreeMap<>();
    List<Optional<StudentJobRunner.Resume>> resumes = new ArrayList<>();
    for (int i = 0; i < pack.members().size(); i++) {
      Optional<StudentJobRunner.Resume> resume = single.resume(pack.members().get(i), epochs);
      resumes.add(resume);
      byStart.computeIfAbsent(resume.map(r -> r.epoch()).orElse(0), e -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<Integer, List<Integer>> group : byStart.entrySet()) {
      List<PackMember> members = new ArrayList<>();
      List<EpochReport[]> last = new ArrayList<>();
      for (int i : group.getValue()) {
        RunJob run = pack.members().get(i);
        StudentJob job = (StudentJob) run.job();
        EpochReport[] lastReport = new EpochReport[1];
        last.add(lastReport);
        JobEvents own = events.get(i);
        EpochListener reporter = single.reporter(run, own);
        Optional<StudentJobRunner.Resume> resume = resumes.get(i);
        members.add(
            new PackMember(
                new KnowledgeDistillationLoss((float) job.alpha(), (float) job.temperature()),
                resume.map(StudentJobRunner.Resume::parameters),
                resume.map(StudentJobRunner.Resume::optimizerState),
                new EpochListener() {
                  @Override
                  public void onEpochCompleted(EpochReport report) {
                    lastReport[0] = report;
                    reporter.onEpochCompleted(report);
                  }

                  @Override
                  public void onBatchCompleted(int epoch, int done, int total) {
                    reporter.onBatchCompleted(epoch, done, total);
                  }

                  @Override
                  public void onResumePoint(ResumePoint point) {
                    reporter.onResumePoint(point);
                  }
                },
                stops.get(i)::isCancelled,
                why -> own.failed(why.getClass().getSimpleName() + ": " + why.getMessage())));
      }
      List<Optional<Model>> trained =
          new PackTrainer(settings.startingAfter(group.getKey()), shape)
              .train(members, train, logits, single.testSet(first), all::isCancelled);
      for (int g = 0; g < trained.size(); g++) {
        if (trained.get(g).isEmpty()) {
          continue; // it left the pack and reported its end then
        }
        int i = group.getValue().get(g);
        try (Model model = trained.get(g).get()) {
          single.finish(
              pack.members().get(i),
              events.get(i),
              model,
              Optional.ofNullable(last.get(g)[0]),
              start);
        }
      }
    }
  }
}
