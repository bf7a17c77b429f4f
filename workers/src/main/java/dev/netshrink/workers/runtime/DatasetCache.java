package dev.netshrink.workers.runtime;

import dev.netshrink.protocol.spec.DatasetSpec;
import dev.netshrink.workers.data.FashionMnist;
import dev.netshrink.workers.data.ImageDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded datasets kept in memory by a worker: every trial of a campaign uses the same images,
 * and decoding 60,000 gzip'd images each time would cost seconds per trial.
 */
public final class DatasetCache {

  private final Map<String, ImageDataset> cache = new ConcurrentHashMap<>();

  public ImageDataset train(DatasetSpec spec) {
    return get(spec, true, spec.trainLimitOrAll());
  }

  public ImageDataset test(DatasetSpec spec) {
    return get(spec, false, spec.testLimitOrAll());
  }

  private ImageDataset get(DatasetSpec spec, boolean train, int limit) {
    String key = spec.kind() + "|" + spec.path() + "|" + train + "|" + limit;
    return cache.computeIfAbsent(key, k -> {
      try {
        return FashionMnist.load(Path.of(spec.path()), train, limit);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + spec.kind() + " from " + spec.path(), e);
      }
    });
  }
}
