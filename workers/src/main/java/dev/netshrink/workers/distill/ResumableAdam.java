package dev.netshrink.workers.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam whose moment estimates can be saved and restored, so that a resumed trial is the trial it
 * would have been. DJL's {@code Adam} keeps them in private maps keyed by parameter ids that are
 * new in every process; this one runs the same native update ({@code adamUpdate}, same bias
 * correction and learning-rate tracker) and keys what it saves by parameter name instead. The step
 * count comes back through {@code beginNumUpdate}: checkpoints are taken at epoch ends.
 */
final class ResumableAdam extends Optimizer {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final ParameterTracker learningRate;
  private final NDManager manager;
  // parameter id -> {first moment, second moment}; arrays in this optimizer's own manager
  private final Map<String, NDArray[]> moments = new ConcurrentHashMap<>();

  ResumableAdam(Builder builder, NDManager manager) {
    super(builder);
    this.learningRate = builder.learningRate;
    this.manager = manager;
  }

  static Builder builder() {
    return new Builder();
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    int t = updateCount(parameterId);
    double coef1 = 1.0 - Math.pow(BETA1, t);
    double coef2 = 1.0 - Math.pow(BETA2, t);
    float rate = learningRate.getNewValue(parameterId, t);
    float biasCorrected = (float) (rate * Math.sqrt(coef2) / coef1);
    if (!Float.isFinite(biasCorrected)) {
      throw new IllegalStateException("learning rate became " + biasCorrected + " at step " + t);
    }
    NDArray[] state =
        moments.computeIfAbsent(
            parameterId,
            id ->
                new NDArray[] {
                  manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice()),
                  manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice())
                });
    weight
        .getNDArrayInternal()
        .adamUpdate(
            new NDList(weight, grad, state[0], state[1]),
            new NDList(weight),
            rate,
            biasCorrected,
            getWeightDecay(),
            rescaleGrad,
            clipGrad,
            BETA1,
            BETA2,
            EPSILON,
            true,
            false);
  }

  /** The moments of every parameter of {@code block} updated so far, keyed by parameter name. */
  byte[] saveState(Block block) {
    Map<String, NDArray[]> named = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray[] state = moments.get(p.getValue().getId());
      if (state != null) {
        named.put(p.getKey(), state);
      }
    }
    return encode(named);
  }

  /** Moments (first, second) by parameter name, in the format {@link #saveState} writes. */
  static byte[] encode(Map<String, NDArray[]> named) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(named.size());
      for (var entry : named.entrySet()) {
        out.writeUTF(entry.getKey());
        for (NDArray moment : entry.getValue()) {
          byte[] encoded = moment.encode();
          out.writeInt(encoded.length);
          out.write(encoded);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Restores moments saved by {@link #saveState} for the same architecture; a name or shape that
   * does not match is refused rather than silently restarting that parameter's moments.
   */
  void loadState(Block block, byte[] saved) {
    Map<String, Parameter> byName = new HashMap<>();
    block.getParameters().forEach(p -> byName.put(p.getKey(), p.getValue()));
    decode(manager, block, saved)
        .forEach((name, state) -> moments.put(byName.get(name).getId(), state));
  }

  /**
   * The moments in {@code saved}, by the names of {@code block}'s parameters, each checked to have
   * its parameter's shape; arrays attached to {@code manager}.
   */
  static Map<String, NDArray[]> decode(NDManager manager, Block block, byte[] saved) {
    Map<String, Parameter> byName = new HashMap<>();
    block.getParameters().forEach(p -> byName.put(p.getKey(), p.getValue()));
    Map<String, NDArray[]> decoded = new LinkedHashMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved))) {
      int count = in.readInt();
      if (count < 0 || count > byName.size()) {
        throw new IllegalArgumentException(
            "optimizer state holds " + count + " parameters, the network has " + byName.size());
      }
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        Parameter parameter = byName.get(name);
        if (parameter == null) {
          throw new IllegalArgumentException("optimizer state for unknown parameter " + name);
        }
        NDArray[] state = {read(manager, in), read(manager, in)};
        for (NDArray moment : state) {
          if (!moment.getShape().equals(parameter.getArray().getShape())) {
            throw new IllegalArgumentException(
                "optimizer state of "
                    + name
                    + " has shape "
                    + moment.getShape()
                    + ", the parameter "
                    + parameter.getArray().getShape());
          }
        }
        decoded.put(name, state);
      }
      if (in.available() != 0) {
        throw new IllegalArgumentException("optimizer state has trailing bytes");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("optimizer state is truncated: " + e.getMessage(), e);
    }
    return decoded;
  }

  /** The moments (first, second) of {@code parameter}, or null before its first update. */
  NDArray[] moments(Parameter parameter) {
    return moments.get(parameter.getId());
  }

  /** Sets the moments of {@code parameter}, as a resumed run had them (arrays now this one's). */
  void restore(Parameter parameter, NDArray first, NDArray second) {
    first.attach(manager);
    second.attach(manager);
    moments.put(parameter.getId(), new NDArray[] {first, second});
  }

  private static NDArray read(NDManager manager, DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("implausible moment length " + length);
    }
    return NDArray.decode(manager, in.readNBytes(length));
  }

  static final class Builder extends OptimizerBuilder<Builder> {
    private ParameterTracker learningRate;

    private Builder() {}

    Builder optLearningRateTracker(ParameterTracker learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    ResumableAdam build(NDManager manager) {
      return new ResumableAdam(this, manager);
    }
  }
}
