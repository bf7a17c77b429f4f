package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.event.CampaignEvent;
import dev.netshrink.protocol.event.TrialsAdded;
import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.Dimension;
import dev.netshrink.protocol.spec.SearchSpace;
import dev.netshrink.protocol.spec.SearchSpec;
import dev.netshrink.protocol.spec.SearchStrategy;
import dev.netshrink.protocol.view.TrialSettings;
import dev.netshrink.protocol.view.TrialStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The points a TPE search proposes, from the campaign's state alone: once its random start-up
 * points are drawn, whenever fewer than {@code search.parallel} of its points are unfinished, the
 * next ones, each chosen by a tree-structured Parzen estimator (Bergstra et al. 2011) over the
 * results so far. The results are sorted by accuracy (a stopped trial counts with the accuracy it
 * was stopped at, so it ranks low) and split: the best quarter is l, the rest g; each axis gets a
 * Parzen density from each side (Gaussian kernels over the axis, or its log for a log-uniform one,
 * plus a uniform prior; smoothed frequencies for a choice), {@link #CANDIDATES} points are drawn
 * from l, and the one with the largest sum over axes of log l - log g is proposed. Proposals are
 * recorded ({@link TrialsAdded}), so a replay runs the same points whatever this class does then.
 */
final class TpeSearch {

  static final int CANDIDATES = 24;
  static final double GAMMA = 0.25;
  private static final long SALT = 0x7BE5EEDL;

  private TpeSearch() {}

  static Optional<TrialsAdded> propose(CampaignState state) {
    SearchSpec search = state.spec.search();
    if (search == null || search.strategy() != SearchStrategy.TPE || state.cancelled()) {
      return Optional.empty();
    }
    boolean tooLate =
        state.trials.values().stream()
            .anyMatch(
                t ->
                    (t.plan.kind() == TrialKind.PRUNE && t.status != TrialStatus.WAITING)
                        || (t.plan.kind() == TrialKind.TEACHER
                            && t.status.isFinal()
                            && t.status != TrialStatus.SUCCEEDED));
    List<TrialRecord> drawn =
        state.trials.values().stream().filter(t -> t.plan.settings() != null).toList();
    long unfinished = drawn.stream().filter(t -> !t.status.isFinal()).count();
    int room = (int) Math.min(search.parallel() - unfinished, search.trials() - drawn.size());
    if (tooLate || room <= 0) {
      return Optional.empty();
    }
    List<Observation> seen = new ArrayList<>();
    for (TrialRecord t : drawn) {
      if (t.status.isFinal() && t.accuracy != null) {
        seen.add(new Observation(point(t.plan), t.accuracy));
      }
    }
    // seeded by how far the search has come: the same state proposes the same points
    SplittableRandom random =
        new SplittableRandom(state.spec.seedOrDefault() ^ SALT ^ drawn.size());
    List<TrialsAdded.Added> added = new ArrayList<>();
    int digits = RandomSearch.digits(search.trials());
    for (int k = 0; k < room; k++) {
      double[] x = seen.size() < 2 ? prior(state.spec, random) : best(state.spec, seen, random);
      added.add(
          toAdded(
              state.spec,
              String.format(Locale.ROOT, "tpe-%0" + digits + "d", drawn.size() + k + 1),
              x));
    }
    return Optional.of(
        new TrialsAdded(
            CampaignEvent.newId(), state.campaignId, System.currentTimeMillis(), added));
  }

  /** A point: alpha, temperature, learning rate, batch size, width multiplier, epochs. */
  private record Observation(double[] x, double accuracy) {}

  private static double[] point(TrialPlan p) {
    TrialSettings s = p.settings();
    return new double[] {
      p.alpha(), p.temperature(), s.learningRate(), s.batchSize(), s.widthMultiplier(), s.epochs()
    };
  }

  /** The axes in the order of {@link #point}; null where the space leaves one out. */
  private static Dimension[] axes(CampaignSpec spec) {
    SearchSpace s = spec.search().space();
    return new Dimension[] {
      s.alpha(), s.temperature(), s.learningRate(), s.batchSize(), s.widthMultiplier(), s.epochs()
    };
  }

  /** With fewer than two results there is nothing to model: a draw from the space. */
  private static double[] prior(CampaignSpec spec, SplittableRandom random) {
    Dimension[] axes = axes(spec);
    double[] x = new double[axes.length];
    for (int d = 0; d < axes.length; d++) {
      x[d] = axes[d] == null ? Double.NaN : axes[d].draw(random);
    }
    return x;
  }

  private static double[] best(CampaignSpec spec, List<Observation> seen, SplittableRandom random) {
    List<Observation> sorted =
        seen.stream().sorted(Comparator.comparingDouble(Observation::accuracy).reversed()).toList();
    int good = Math.max(1, (int) Math.ceil(GAMMA * sorted.size()));
    List<Observation> l = sorted.subList(0, good);
    List<Observation> g = sorted.subList(good, sorted.size());
    Dimension[] axes = axes(spec);
    double topWidth =
        axes[4] == null || !axes[4].continuous()
            ? Double.NaN
            : new RandomSearch.Fit(spec).top(axes[4]);
    double[] bestX = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < CANDIDATES; c++) {
      double[] x = new double[axes.length];
      double score = 0;
      for (int d = 0; d < axes.length; d++) {
        if (axes[d] == null) {
          x[d] = Double.NaN;
          continue;
        }
        ParzenAxis axis = new ParzenAxis(axes[d], d == 4 ? topWidth : Double.NaN);
        x[d] = axis.sample(values(l, d), random);
        score += axis.logDensity(values(l, d), x[d]) - axis.logDensity(values(g, d), x[d]);
      }
      if (score > bestScore) {
        bestScore = score;
        bestX = x;
      }
    }
    return bestX;
  }

  private static double[] values(List<Observation> obs, int d) {
    return obs.stream().mapToDouble(o -> o.x()[d]).toArray();
  }

  private static TrialsAdded.Added toAdded(CampaignSpec spec, String name, double[] x) {
    RandomSearch.Fit fit = new RandomSearch.Fit(spec);
    Dimension width = spec.search().space().widthMultiplier();
    double multiplier = 1.0;
    if (width != null) {
      multiplier = RandomSearch.round(x[4]);
      if (!width.continuous()) {
        // a listed value over the budget is never proposed: the nearest one that fits
        double target = multiplier;
        multiplier =
            width.choice().stream()
                .filter(fit::fits)
                .min(Comparator.comparingDouble(v -> Math.abs(v - target)))
                .orElseThrow();
      } else {
        multiplier = fit.clamp(multiplier, fit.top(width));
      }
    }
    var student = spec.student();
    return new TrialsAdded.Added(
        name,
        Double.isNaN(x[0]) ? spec.distillation().alphas().get(0) : RandomSearch.round(x[0]),
        Double.isNaN(x[1]) ? spec.distillation().temperatures().get(0) : RandomSearch.round(x[1]),
        new TrialSettings(
            Double.isNaN(x[2]) ? student.learningRate() : RandomSearch.round(x[2]),
            Double.isNaN(x[3]) ? student.batchSize() : (int) Math.round(x[3]),
            multiplier,
            fit.widths(multiplier),
            Double.isNaN(x[5]) ? student.epochs() : (int) Math.round(x[5])));
  }
}
