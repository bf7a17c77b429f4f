package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.spec.DatasetSpec;
import dev.netshrink.protocol.spec.FileRoots;
import dev.netshrink.workers.data.FashionMnist;
import dev.netshrink.workers.data.Food11;
import dev.netshrink.workers.data.ImageDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded datasets kept in memory by a worker: every trial of a campaign uses the same images, and
 * decoding 60,000 gzip'd images (or 10,000 JPEGs) each time would cost seconds (minutes) per trial.
 * It opens only folders under the worker's {@link FileRoots}, by real path.
 */
public final class DatasetCache {

  private final FileRoots roots;

  public DatasetCache(FileRoots roots) {
    this.roots = roots;
  }

  /** A cache confined to this process's configured roots. */
  public DatasetCache() {
    this(FileRoots.configured());
  }

  /** The folders this worker's jobs may read, e.g. for a teacher checkpoint. */
  public FileRoots roots() {
    return roots;
  }

  private final Map<String, ImageDataset> cache = new ConcurrentHashMap<>();
  private final Map<String, Evaluation> evaluations = new ConcurrentHashMap<>();

  public ImageDataset train(DatasetSpec spec) {
    return get(spec, true, spec.trainLimitOrAll());
  }

  public ImageDataset test(DatasetSpec spec) {
    return get(spec, false, spec.testLimitOrAll());
  }

  /**
   * Unlabelled images to predict (Food-11's {@code evaluation/}), with their ids; none for other
   * kinds.
   */
  public record Evaluation(List<String> ids, ImageDataset images) {}

  public Optional<Evaluation> evaluation(DatasetSpec spec) {
    if (!DatasetSpec.FOOD_11.equals(spec.kind())) {
      return Optional.empty();
    }
    Path root = roots.confine("dataset.path", spec.path());
    if (!Files.isDirectory(root.resolve(Food11.EVALUATION))) {
      return Optional.empty();
    }
    return Optional.of(
        evaluations.computeIfAbsent(
            spec.path(),
            path -> {
              List<String> ids = new ArrayList<>();
              try {
                ImageDataset images = Food11.loadEvaluation(root, ids);
                return new Evaluation(List.copyOf(ids), images);
              } catch (IOException e) {
                throw new UncheckedIOException("cannot read the evaluation images of " + path, e);
              }
            }));
  }

  private ImageDataset get(DatasetSpec spec, boolean train, int limit) {
    Path root = roots.confine("dataset.path", spec.path());
    String key = spec.kind() + "|" + root + "|" + train + "|" + limit;
    return cache.computeIfAbsent(
        key,
        k -> {
          try {
            if (DatasetSpec.FOOD_11.equals(spec.kind())) {
              // the homework's validation split plays the test set: evaluation/ has no labels
              return Food11.load(root, train ? Food11.TRAINING : Food11.VALIDATION, limit);
            }
            return FashionMnist.load(root, train, limit);
          } catch (IOException e) {
            throw new UncheckedIOException(
                "cannot read " + spec.kind() + " from " + spec.path(), e);
          }
        });
  }
}
