package dev.netshrink.orchestrator.campaign;

import dev.netshrink.protocol.spec.CampaignSpec;
import dev.netshrink.protocol.spec.SpecValidator;

/** Specs of searching campaigns, for the search and stopping tests. */
final class SearchSpecs {

  private SearchSpecs() {}

  /** {@code trials} random points over 4 epochs, stopped by {@code stopping} (a YAML mapping). */
  static CampaignSpec random(int trials, String stopping) {
    return SpecValidator.load(
        """
        name: s
        seed: 7
        student: {epochs: 4, maxParams: 60000}
        distillation: {baseline: true}
        pruning: {ratios: {from: 0.0, to: 0.5, step: 0.5}, models: [student],
                  methods: [l1-unstructured]}
        search:
          strategy: random
          trials: %d
          space:
            alpha: {uniform: [0.1, 0.9]}
            temperature: {choice: [1, 2, 4, 8]}
            learningRate: {logUniform: [0.0005, 0.01]}
            batchSize: {choice: [32, 64, 128]}
            widthMultiplier: {uniform: [0.5, 3.0]}
          stopping: %s
        """
            .formatted(trials, stopping),
        false);
  }
}
