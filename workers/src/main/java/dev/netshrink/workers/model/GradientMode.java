package dev.netshrink.workers.model;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Switches PyTorch autograd recording off for inference on the calling thread.
 *
 * <p>Why: libtorch's grad mode is thread-local and DJL 0.36 only turns it off on the thread that
 * loaded the engine. On any other thread (a worker's training thread, a test thread) a forward pass
 * over trainable parameters records an autograd graph: slower and more native memory.
 */
public final class GradientMode implements AutoCloseable {

  private final boolean previous;

  private GradientMode(boolean enabled) {
    previous = JniUtils.isGradMode();
    JniUtils.setGradMode(enabled);
  }

  /** Disables gradient recording until {@link #close()}, which restores the previous mode. */
  public static GradientMode disabled() {
    return new GradientMode(false);
  }

  @Override
  public void close() {
    JniUtils.setGradMode(previous);
  }
}
