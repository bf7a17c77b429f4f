package dev.netshrink.workers.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Parameters of a network as bytes (DJL's own parameter encoding), for checkpoints sent over the
 * wire or kept in memory. The bytes hold parameters only: the reader must build the same
 * architecture (same name and widths) before loading them.
 */
public final class ModelCheckpoint {

  private ModelCheckpoint() {}

  public static byte[] save(Model model) {
    return save(model.getBlock());
  }

  /** Serializes every parameter of an initialized block, BatchNorm running statistics included. */
  public static byte[] save(Block block) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    }
    return bytes.toByteArray();
  }

  public static void load(Model model, byte[] checkpoint) throws MalformedModelException {
    load(model.getBlock(), model.getNDManager(), checkpoint);
  }

  /**
   * Loads parameters into a freshly built block of the same architecture; the arrays are attached
   * to {@code manager}. A block of a different architecture fails here with {@link
   * MalformedModelException} instead of mis-assigning weights.
   */
  public static void load(Block block, NDManager manager, byte[] checkpoint)
      throws MalformedModelException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(checkpoint))) {
      block.loadParameters(manager, in);
    } catch (IOException e) {
      throw new MalformedModelException("checkpoint is truncated or not a parameter file", e);
    }
  }
}
