package dev.netshrink.protocol.event;

import dev.netshrink.protocol.wire.Checks;

/**
 * A network a sweep point kept: its parameters are on the models topic under {@code key} (chunked
 * like a checkpoint), it was pruned from the model of trial {@code parentTrialId}, and its
 * parameters file is {@code bytes} long. A channel-pruned network is the narrowed one, so {@code
 * bytes} is really smaller than its parent's.
 */
public record KeptModel(String key, String parentTrialId, long bytes) {

  /** The key of the network {@code method} left of trial {@code parentTrialId} at {@code ratio}. */
  public static String keyOf(String parentTrialId, String method, double ratio) {
    return parentTrialId + "/" + method + "/" + ratioName(ratio);
  }

  /**
   * A ratio as names and keys spell it: at least 2 decimals, and up to the 4 that sweep ratios are
   * rounded to (0.5 -> 0.50, 0.005 -> 0.005, 0.6563 -> 0.6563), so that two ratios of one sweep or
   * schedule never share a name.
   */
  public static String ratioName(double ratio) {
    String name = String.format(java.util.Locale.ROOT, "%.4f", ratio);
    int end = name.length();
    while (end > name.indexOf('.') + 3 && name.charAt(end - 1) == '0') {
      end--;
    }
    return name.substring(0, end);
  }

  /**
   * The key of the network round {@code stage} of a schedule left of trial {@code parentTrialId}:
   * the kind of schedule joins the path ({@code .../l2-structured/iterative/0.50}), since its
   * fine-tuned network differs from the sweep's at the same ratio.
   */
  public static String keyOf(String parentTrialId, String method, PruneStage stage, double ratio) {
    return keyOf(parentTrialId, method + "/" + stage.schedule().wireName(), ratio);
  }

  /**
   * The key of the network pruned per layer, with the ratios its sensitivity analysis chose, that
   * removed {@code ratio} of its convolution weights: {@code .../l2-structured/by-layer/0.62}.
   */
  public static String keyOfByLayer(String parentTrialId, String method, double ratio) {
    return keyOf(parentTrialId, method + "/by-layer", ratio);
  }

  /**
   * The key of the fine-tuned copy of the network at {@code ratio}: {@code .../0.50/fine-tuned}.
   */
  public static String keyOfFineTuned(String parentTrialId, String method, double ratio) {
    return keyOf(parentTrialId, method, ratio) + "/fine-tuned";
  }

  public void validate() {
    Checks.id(parentTrialId, "kept.parentTrialId");
    Checks.present(key, "kept.key");
    if (!key.startsWith(parentTrialId + "/")) {
      throw new IllegalArgumentException("kept.key " + key + " is not of " + parentTrialId);
    }
    Checks.atLeast(bytes, 1, "kept.bytes");
  }
}
