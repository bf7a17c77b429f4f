package dev.netshrink.workers.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A teacher trained elsewhere ({@code teacher.arch: torchscript}, the file in {@code
 * teacher.checkpoint}): a {@code torch.jit.trace} or {@code torch.jit.script} export run by DJL's
 * PyTorch engine. The teacher worker only needs its logits, so nothing here trains or saves it; it
 * must take the images as netshrink feeds them (NCHW float32, normalized as the dataset loader
 * normalizes) and return one logit per class.
 */
public final class TorchScriptTeacher {

  private TorchScriptTeacher() {}

  public static Model load(Path file) throws IOException, MalformedModelException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("TorchScript file " + file + " does not exist");
    }
    Model model = Model.newInstance("torchscript-teacher", "PyTorch");
    try {
      model.load(file);
      return model;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Elements of every parameter the TorchScript module holds (buffers such as BatchNorm statistics
   * excluded).
   */
  public static long parameterCount(Model model) {
    long total = 0;
    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
      if (p.getValue().getType() != Parameter.Type.RUNNING_MEAN
          && p.getValue().getType() != Parameter.Type.RUNNING_VAR) {
        total += p.getValue().getArray().size();
      }
    }
    return total;
  }
}
