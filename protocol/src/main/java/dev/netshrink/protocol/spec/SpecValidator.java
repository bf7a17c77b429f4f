package dev.netshrink.protocol.spec;

import dev.netshrink.protocol.wire.WireName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a resolved spec before anything runs: ranges, known names, the student's parameter budget
 * and that the data is where the spec says. Reports every problem at once.
 */
public final class SpecValidator {

  private static final Set<String> PRECISIONS = Set.of("fp16", "fp32");
  private static final Set<String> SCHEDULES = Set.of(SpecDefaults.COSINE, SpecDefaults.CONSTANT);

  private final List<SpecError> errors = new ArrayList<>();

  private SpecValidator() {}

  /** Parses, fills defaults and validates; throws {@link InvalidSpecException} on any error. */
  public static CampaignSpec load(String text, boolean checkDataOnThisMachine) {
    SpecParser.Parsed parsed = SpecParser.parse(text);
    CampaignSpec spec = SpecDefaults.resolve(parsed.spec());
    List<SpecError> errors = new ArrayList<>(parsed.unknownNames());
    Set<String> named = errors.stream().map(SpecError::field).collect(Collectors.toSet());
    // an unknown name reads as absent: what the validator says of that field is said already
    validate(spec, checkDataOnThisMachine).stream()
        .filter(e -> !named.contains(e.field()))
        .forEach(errors::add);
    if (!errors.isEmpty()) {
      throw new InvalidSpecException(errors);
    }
    return spec;
  }

  /** Validates against the limits and file roots this process is configured with. */
  public static List<SpecError> validate(CampaignSpec spec, boolean checkDataOnThisMachine) {
    return validate(spec, checkDataOnThisMachine, SpecLimits.configured(), FileRoots.configured());
  }

  public static List<SpecError> validate(
      CampaignSpec spec, boolean checkDataOnThisMachine, SpecLimits limits, FileRoots roots) {
    SpecValidator v = new SpecValidator();
    v.checkName(spec.name());
    v.confined("dataset.path", spec.dataset().path(), roots, checkDataOnThisMachine);
    v.confined("teacher.checkpoint", spec.teacher().checkpoint(), roots, checkDataOnThisMachine);
    if (v.errors.stream().anyMatch(e -> e.field().equals("dataset.path"))) {
      // what the folder holds is not looked at when it may not be read
      checkDataOnThisMachine = false;
    }
    v.checkDataset(spec.dataset(), checkDataOnThisMachine);
    v.checkTeacher(spec.teacher(), checkDataOnThisMachine);
    v.checkStudent(spec.student(), spec.dataset());
    v.checkGrid(spec.distillation());
    v.oneOf("logits.precision", spec.logits().precision(), PRECISIONS);
    v.checkPruning(spec.pruning(), limits);
    if (spec.target() != null) {
      v.checkTarget(spec.target(), spec);
    }
    if (spec.teacher().arch() == Architecture.TORCHSCRIPT
        && spec.pruning().models().contains(ModelRole.TEACHER)) {
      v.error(
          "pruning.models",
          "a torchscript teacher has no parameters netshrink can prune;" + " list only student");
    }
    v.errors.addAll(SpecBounds.check(spec, limits));
    v.errors.addAll(SearchValidator.check(spec, limits));
    return List.copyOf(v.errors);
  }

  /** A path must lie under a root; here, where the files are, its real path too. */
  private void confined(String field, String path, FileRoots roots, boolean checkFiles) {
    if (path == null) {
      return;
    }
    Optional<String> refused = roots.refusal(path);
    if (refused.isPresent()) {
      error(field, refused.get());
    } else if (checkFiles && Files.exists(Path.of(path))) {
      try {
        roots.confine(field, path);
      } catch (FileRoots.RefusedPath e) {
        error(field, e.reason());
      }
    }
  }

  private void checkTarget(TargetSpec t, CampaignSpec spec) {
    if (t.maxParams() == null
        && t.maxMacs() == null
        && t.maxLatencyMs() == null
        && t.maxAccuracyDrop() == null
        && t.minAccuracy() == null) {
      error(
          "target",
          "say at least one of maxParams, maxMacs, maxLatencyMs, maxAccuracyDrop, minAccuracy");
    }
    if (t.maxParams() != null) {
      long floor = smallestStudent(spec);
      if (t.maxParams() < floor) {
        error(
            "target.maxParams",
            t.maxParams()
                + " is below "
                + floor
                + ", what even a student one channel wide needs: no model can meet it");
      }
    }
    if (t.maxMacs() != null && t.maxMacs() < 1) {
      error("target.maxMacs", "must be at least 1");
    }
    if (t.maxLatencyMs() != null && !(t.maxLatencyMs() > 0 && Double.isFinite(t.maxLatencyMs()))) {
      error("target.maxLatencyMs", "must be a positive number of milliseconds");
    }
    if (t.maxAccuracyDrop() != null && !(t.maxAccuracyDrop() >= 0 && t.maxAccuracyDrop() < 1)) {
      error("target.maxAccuracyDrop", t.maxAccuracyDrop() + " is outside [0, 1)");
    }
    if (t.minAccuracy() != null && !(t.minAccuracy() >= 0 && t.minAccuracy() <= 1)) {
      error("target.minAccuracy", t.minAccuracy() + " is outside [0, 1]");
    }
    if (t.maxAccuracyDrop() != null && t.minAccuracy() != null) {
      error("target", "give maxAccuracyDrop (vs the teacher) or minAccuracy, not both");
    }
  }

  /** The parameters of the student one channel wide: no campaign's model can have fewer. */
  private static long smallestStudent(CampaignSpec spec) {
    StudentSpec s = spec.student();
    if (s.arch() == null || s.arch().role() != ModelRole.STUDENT || s.widths().isEmpty()) {
      return 0; // what is wrong with the student is said where it is checked
    }
    return StudentShape.parameterCount(
        s.arch(),
        spec.dataset().inputChannels(),
        s.widths().stream().map(w -> 1).toList(),
        spec.dataset().classes());
  }

  private void checkName(String name) {
    if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}")) {
      error("name", "'" + name + "' must be 1-63 letters, digits, '.', '_' or '-'");
    }
  }

  private void checkDataset(DatasetSpec d, boolean checkFiles) {
    oneOf("dataset.kind", d.kind(), Set.of(DatasetSpec.FASHION_MNIST, DatasetSpec.FOOD_11));
    atLeast("dataset.trainLimit", d.trainLimit(), 0);
    atLeast("dataset.testLimit", d.testLimit(), 0);
    if (checkFiles && DatasetSpec.FOOD_11.equals(d.kind())) {
      for (String folder : List.of("training", "validation")) {
        if (!Files.isDirectory(Path.of(d.path()).resolve(folder))) {
          error(
              "dataset.path",
              d.path()
                  + " has no "
                  + folder
                  + "/ folder: point it at the"
                  + " Food-11 root (training/, validation/, evaluation/)");
          return;
        }
      }
    } else if (checkFiles) {
      Path dir = Path.of(d.path());
      for (String file :
          List.of(
              "train-images-idx3-ubyte",
              "train-labels-idx1-ubyte",
              "t10k-images-idx3-ubyte",
              "t10k-labels-idx1-ubyte")) {
        if (!Files.exists(dir.resolve(file + ".gz")) && !Files.exists(dir.resolve(file))) {
          error(
              "dataset.path",
              dir
                  + " has no "
                  + file
                  + "(.gz)"
                  + (SpecDefaults.DEFAULT_DATA_PATH.equals(d.path())
                      ? " - install it with: sudo apt-get install -y dataset-fashion-mnist"
                      : ""));
          return;
        }
      }
    }
  }

  private void checkTeacher(TeacherSpec t, boolean checkFiles) {
    playsRole("teacher.arch", t.arch(), ModelRole.TEACHER);
    if (t.arch() == Architecture.TORCHSCRIPT) {
      if (t.checkpoint() == null) {
        error("teacher.checkpoint", "a torchscript teacher needs the path of its .pt file here");
      }
      if (t.epochs() != 0) {
        error("teacher.epochs", "a torchscript teacher is not trained here: set epochs: 0");
      }
    }
    atLeast("teacher.epochs", t.epochs(), t.checkpoint() == null ? 1 : 0);
    between("teacher.batchSize", t.batchSize(), 1, 4096);
    positive("teacher.learningRate", t.learningRate());
    oneOf("teacher.schedule", t.schedule(), SCHEDULES);
    boolean refused = errors.stream().anyMatch(e -> e.field().equals("teacher.checkpoint"));
    if (checkFiles
        && !refused
        && t.checkpoint() != null
        && !Files.isRegularFile(Path.of(t.checkpoint()))) {
      error("teacher.checkpoint", "file " + t.checkpoint() + " does not exist");
    }
  }

  private void checkStudent(StudentSpec s, DatasetSpec d) {
    boolean student = playsRole("student.arch", s.arch(), ModelRole.STUDENT);
    atLeast("student.epochs", s.epochs(), 1);
    between("student.batchSize", s.batchSize(), 1, 4096);
    positive("student.learningRate", s.learningRate());
    oneOf("student.schedule", s.schedule(), SCHEDULES);
    if (s.fuse() != null && FusePolicy.parse(s.fuse()).isEmpty()) {
      error(
          "student.fuse",
          "must be auto, off or a pack size from 1 to "
              + FusePolicy.MAX_PACK
              + ", not "
              + s.fuse());
    }
    atLeast("student.maxParams", s.maxParams(), 1);
    if (s.widths().isEmpty() || s.widths().stream().anyMatch(w -> w == null || w < 1)) {
      error("student.widths", "must be a non-empty list of positive channel counts");
      return;
    }
    if (!student) {
      return;
    }
    long params = StudentShape.parameterCount(s.arch(), d.inputChannels(), s.widths(), d.classes());
    if (params > s.maxParams()) {
      error(
          "student.maxParams",
          String.format(
              "student %s with widths %s has %,d parameters, over the budget of %,d",
              s.arch(), s.widths(), params, s.maxParams()));
    }
  }

  private void checkGrid(DistillationGrid g) {
    if (g.alphas().isEmpty() && !g.baselineOrDefault()) {
      error("distillation.alphas", "no trials: give at least one alpha or baseline: true");
    }
    for (int i = 0; i < g.alphas().size(); i++) {
      Double a = g.alphas().get(i);
      if (a == null || !(a >= 0 && a <= 1)) {
        error("distillation.alphas[" + i + "]", a + " is outside [0, 1]");
      }
    }
    if (!g.alphas().isEmpty() && g.temperatures().isEmpty()) {
      error("distillation.temperatures", "must list at least one temperature");
    }
    for (int i = 0; i < g.temperatures().size(); i++) {
      Double t = g.temperatures().get(i);
      if (t == null || !(t > 0) || t.isInfinite()) {
        error(
            "distillation.temperatures[" + i + "]", t + " must be a finite number greater than 0");
      }
    }
  }

  private void checkPruning(PruningSpec p, SpecLimits limits) {
    if (p.method() != null) {
      error("pruning.method", "give either method or methods, not both");
    }
    if (p.methods().isEmpty() && !p.models().isEmpty()) {
      error("pruning.methods", "must list at least one method to prune the models with");
    }
    atLeast("pruning.fineTuneEpochs", p.fineTuneEpochs(), 0);
    between("pruning.ratiosPerJob", p.ratiosPerJob(), 1, limits.maxSweepPoints());
    between("pruning.roundTo", p.roundTo(), 1, 64);
    for (int i = 0; i < p.methods().size(); i++) {
      present("pruning.methods[" + i + "]", p.methods().get(i), PruningMethod.class);
    }
    PruningSpec.RatioRange r = p.ratios();
    if (!(r.from() >= 0 && r.to() < 1 && r.from() <= r.to())) {
      error("pruning.ratios", "need 0 <= from <= to < 1, got from " + r.from() + " to " + r.to());
    }
    if (!(r.step() > 0)) {
      error("pruning.ratios.step", r.step() + " must be greater than 0");
    }
    for (int i = 0; i < p.models().size(); i++) {
      present("pruning.models[" + i + "]", p.models().get(i), ModelRole.class);
    }
    if (p.schedule() != null) {
      errors.addAll(p.schedule().problems(limits));
    }
  }

  private void oneOf(String field, String value, Set<String> allowed) {
    if (!allowed.contains(value)) {
      error(field, "'" + value + "' is not one of " + allowed.stream().sorted().toList());
    }
  }

  /** Whether {@code arch} can play {@code role}; an error that lists those that can if not. */
  private boolean playsRole(String field, Architecture arch, ModelRole role) {
    if (arch.role() != role) {
      error(
          field,
          "'"
              + arch
              + "' is not a "
              + role
              + " architecture, one of "
              + Architecture.ofRole(role).stream().map(Architecture::wireName).sorted().toList());
      return false;
    }
    return true;
  }

  /** A list element read as null (written {@code ~}): not one of the names of {@code type}. */
  private void present(String field, Object value, Class<? extends WireName> type) {
    if (value == null) {
      error(field, "must be one of " + WireName.names(type));
    }
  }

  private void atLeast(String field, Integer value, int min) {
    if (value < min) {
      error(field, value + " must be at least " + min);
    }
  }

  private void between(String field, Integer value, int min, int max) {
    if (value < min || value > max) {
      error(field, value + " must be between " + min + " and " + max);
    }
  }

  private void positive(String field, Double value) {
    if (!(value > 0) || value.isInfinite()) {
      error(field, value + " must be greater than 0");
    }
  }

  private void error(String field, String reason) {
    errors.add(new SpecError(field, reason));
  }
}
