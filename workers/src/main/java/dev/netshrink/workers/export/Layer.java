package dev.netshrink.workers.export;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * One layer of an exported network, as {@code model.json} describes it: enough for {@code
 * python/netshrink_torch.py} to build the same network as a {@code torch.nn.Sequential}, one module
 * per layer in this order. Layers with parameters name them as that module's state_dict does
 * ({@code <index>.weight}, ...).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Layer.Conv2d.class, name = "conv2d"),
  @JsonSubTypes.Type(value = Layer.BatchNorm2d.class, name = "batchnorm2d"),
  @JsonSubTypes.Type(value = Layer.Relu.class, name = "relu"),
  @JsonSubTypes.Type(value = Layer.MaxPool2d.class, name = "maxpool2d"),
  @JsonSubTypes.Type(value = Layer.GlobalAvgPool.class, name = "globalavgpool"),
  @JsonSubTypes.Type(value = Layer.Flatten.class, name = "flatten"),
  @JsonSubTypes.Type(value = Layer.Linear.class, name = "linear"),
  @JsonSubTypes.Type(value = Layer.Residual.class, name = "residual")
})
public sealed interface Layer {

  /** PyTorch's names for this layer's parameters and buffers, in DJL's order of them. */
  default String[] torchNames() {
    return new String[0];
  }

  record Conv2d(int in, int out, int kernel, int stride, int padding, int groups, boolean bias)
      implements Layer {
    @Override
    public String[] torchNames() {
      return bias ? new String[] {"weight", "bias"} : new String[] {"weight"};
    }
  }

  /** DJL's gamma, beta, runningMean, runningVar. */
  record BatchNorm2d(int channels, double eps) implements Layer {
    @Override
    public String[] torchNames() {
      return new String[] {"weight", "bias", "running_mean", "running_var"};
    }
  }

  record Relu() implements Layer {}

  record MaxPool2d(int kernel, int stride, int padding) implements Layer {}

  /** The mean over height and width, giving (N, C): DJL's globalAvgPool2d. */
  record GlobalAvgPool() implements Layer {}

  record Flatten() implements Layer {}

  /**
   * ReLU of {@code main(x) + shortcut(x)}, an empty shortcut being the identity: ResNet's basic
   * block. Its parameters are named {@code <index>.main.<j>...} and {@code
   * <index>.shortcut.<k>...}.
   */
  record Residual(List<Layer> main, List<Layer> shortcut) implements Layer {
    public Residual {
      main = List.copyOf(main);
      shortcut = List.copyOf(shortcut);
    }
  }

  record Linear(int in, int out) implements Layer {
    @Override
    public String[] torchNames() {
      return new String[] {"weight", "bias"};
    }
  }
}
