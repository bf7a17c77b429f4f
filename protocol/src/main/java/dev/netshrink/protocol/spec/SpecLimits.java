package dev.netshrink.protocol.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The upper bounds a spec is held to ({@code netshrink.spec.limits} in the protocol module's
 * reference.conf, where each is explained).
 */
public record SpecLimits(
    int maxEpochs, int maxFineTuneEpochs, int maxTrials, int maxSweepPoints, long maxImages) {

  /** The limits of this process's configuration. */
  public static SpecLimits configured() {
    return from(ConfigFactory.load());
  }

  public static SpecLimits from(Config root) {
    Config c = root.getConfig("netshrink.spec.limits");
    return new SpecLimits(
        c.getInt("max-epochs"),
        c.getInt("max-fine-tune-epochs"),
        c.getInt("max-trials"),
        c.getInt("max-sweep-points"),
        c.getLong("max-images"));
  }
}
