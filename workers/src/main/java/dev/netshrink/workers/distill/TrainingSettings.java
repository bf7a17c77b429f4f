package dev.netshrink.workers.distill;

import ai.djl.nn.Block;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How to train: Adam with a fixed learning rate (or, with {@code cosineDecay}, one that falls from
 * it to zero along a cosine over all steps of all epochs), optional (L2) weight decay, mini-batches
 * shuffled per epoch from {@code seed}, with {@code mirrorImages} a random half of each batch
 * flipped left to right (an augmentation that suits clothing, not digits or text). A resumed run
 * sets {@code startEpoch} (epochs already done), the parameters saved at that point and, from
 * checkpoints that have it, Adam's moment estimates (without them, as in checkpoints written before
 * they were saved, the moments start from zero and the run is no longer the uninterrupted one).
 */
public record TrainingSettings(
    int epochs,
    int batchSize,
    float learningRate,
    float weightDecay,
    boolean cosineDecay,
    boolean mirrorImages,
    long seed,
    int startEpoch,
    Optional<byte[]> initialParameters,
    Optional<byte[]> optimizerState,
    Optional<Consumer<Block>> afterStep) {

  public TrainingSettings {
    if (epochs <= 0 || batchSize <= 0) {
      throw new IllegalArgumentException(
          "epochs and batchSize must be positive: " + epochs + ", " + batchSize);
    }
    if (!(learningRate > 0) || !(weightDecay >= 0)) {
      throw new IllegalArgumentException("need learningRate > 0 and weightDecay >= 0");
    }
    if (startEpoch < 0 || startEpoch > epochs) {
      throw new IllegalArgumentException("startEpoch " + startEpoch + " outside 0.." + epochs);
    }
  }

  /** The same training resumed after {@code completedEpochs}, parameters coming from elsewhere. */
  public TrainingSettings startingAfter(int completedEpochs) {
    return new TrainingSettings(
        epochs,
        batchSize,
        learningRate,
        weightDecay,
        cosineDecay,
        mirrorImages,
        seed,
        completedEpochs,
        Optional.empty(),
        Optional.empty(),
        afterStep);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder: {@code setX} for required values, {@code optX} for the rest. */
  public static final class Builder {
    private int epochs;
    private int batchSize;
    private float learningRate;
    private float weightDecay;
    private boolean cosineDecay;
    private boolean mirrorImages;
    private long seed = 42;
    private int startEpoch;
    private byte[] initialParameters;
    private byte[] optimizerState;
    private Consumer<Block> afterStep;

    private Builder() {}

    public Builder setEpochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    public Builder setBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder setLearningRate(float learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    public Builder optWeightDecay(float weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /**
     * Decays the learning rate to zero along a cosine: worth about a point of accuracy in short
     * runs.
     */
    public Builder optCosineDecay(boolean cosineDecay) {
      this.cosineDecay = cosineDecay;
      return this;
    }

    /** Mirrors a random half of the training images each epoch (left-right flip). */
    public Builder optMirrorImages(boolean mirrorImages) {
      this.mirrorImages = mirrorImages;
      return this;
    }

    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Continue after {@code completedEpochs} epochs from the parameters and optimizer state saved
     * then ({@link EpochListener.ResumePoint}); an empty state restarts Adam's moments from zero.
     */
    public Builder optResume(int completedEpochs, byte[] parameters, byte[] optimizerState) {
      this.startEpoch = completedEpochs;
      this.initialParameters = parameters.clone();
      this.optimizerState = optimizerState.length == 0 ? null : optimizerState.clone();
      return this;
    }

    /** Start from these parameters (a pruned network being fine-tuned), at epoch 1. */
    public Builder optInitialParameters(byte[] parameters) {
      this.initialParameters = parameters.clone();
      return this;
    }

    /** Runs after every optimizer step, e.g. to keep pruned weights at zero. */
    public Builder optAfterStep(Consumer<Block> afterStep) {
      this.afterStep = afterStep;
      return this;
    }

    public TrainingSettings build() {
      return new TrainingSettings(
          epochs,
          batchSize,
          learningRate,
          weightDecay,
          cosineDecay,
          mirrorImages,
          seed,
          startEpoch,
          Optional.ofNullable(initialParameters),
          Optional.ofNullable(optimizerState),
          Optional.ofNullable(afterStep));
    }
  }
}
