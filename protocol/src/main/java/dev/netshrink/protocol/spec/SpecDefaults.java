package dev.netshrink.protocol.spec;

import java.util.List;

/**
 * Fills every field a user may leave out, so the rest of the system sees one complete spec (and the
 * campaigns topic records exactly what ran).
 */
public final class SpecDefaults {

  public static final String COSINE = "cosine";
  public static final String CONSTANT = "constant";
  public static final String DEFAULT_DATA_PATH = "/usr/share/datasets/fashion-mnist";

  private SpecDefaults() {}

  public static CampaignSpec resolve(CampaignSpec s) {
    DatasetSpec d =
        s.dataset() == null ? new DatasetSpec(null, null, null, null, null) : s.dataset();
    TeacherSpec t =
        s.teacher() == null ? new TeacherSpec(null, null, null, null, null, null) : s.teacher();
    StudentSpec st =
        s.student() == null
            ? new StudentSpec(null, null, null, null, null, null, null, null)
            : s.student();
    DistillationGrid g =
        s.distillation() == null ? new DistillationGrid(null, null, null) : s.distillation();
    PruningSpec p =
        s.pruning() == null
            ? new PruningSpec(null, null, null, null, null, null, null, null, null)
            : s.pruning();
    PruningSpec.RatioRange r =
        p.ratios() == null ? new PruningSpec.RatioRange(null, null, null) : p.ratios();
    Architecture studentArch = or(st.arch(), Architecture.DW_STUDENT);
    String kind = or(d.kind(), DatasetSpec.FASHION_MNIST);
    return new CampaignSpec(
        or(s.name(), "campaign"),
        s.seedOrDefault(),
        new DatasetSpec(
            kind,
            or(d.path(), DEFAULT_DATA_PATH),
            or(d.trainLimit(), 0),
            or(d.testLimit(), 0),
            or(d.flip(), DatasetSpec.flipsByDefault(kind))),
        // teacher and student defaults are the settings measured best on 2 cores (workers/README)
        new TeacherSpec(
            or(t.arch(), Architecture.TEACHER_CNN),
            or(t.epochs(), 3),
            or(t.batchSize(), 64),
            or(t.learningRate(), 3e-3),
            or(t.schedule(), COSINE),
            t.checkpoint()),
        new StudentSpec(
            studentArch,
            or(st.widths(), StudentShape.defaultWidths(studentArch)),
            or(st.maxParams(), 60_000),
            or(st.epochs(), 3),
            or(st.batchSize(), 64),
            or(st.learningRate(), 5e-3),
            or(st.schedule(), COSINE),
            or(st.fuse(), FusePolicy.AUTO)),
        new DistillationGrid(
            or(g.alphas(), List.of(0.5, 0.9)),
            or(g.temperatures(), List.of(1.0, 4.0)),
            g.baselineOrDefault()),
        s.logits() == null || s.logits().precision() == null ? LogitsSpec.DEFAULT : s.logits(),
        // both given stays both, for the validator to reject
        new PruningSpec(
            p.methods() == null ? null : p.method(),
            p.methods() != null
                ? p.methods()
                : p.method() != null ? List.of(p.method()) : PruningSpec.DEFAULT_METHODS,
            new PruningSpec.RatioRange(or(r.from(), 0.0), or(r.to(), 0.95), or(r.step(), 0.05)),
            or(p.models(), List.of(ModelRole.TEACHER, ModelRole.STUDENT)),
            or(p.fineTuneEpochs(), 0),
            p.schedule() == null ? null : p.schedule().resolved(),
            or(p.ratiosPerJob(), PruningSpec.DEFAULT_RATIOS_PER_JOB),
            or(p.sensitivity(), false),
            or(p.roundTo(), PruningSpec.DEFAULT_ROUND_TO)),
        s.target(),
        s.search() == null ? null : s.search().resolved());
  }

  private static <T> T or(T value, T fallback) {
    return value == null ? fallback : value;
  }
}
