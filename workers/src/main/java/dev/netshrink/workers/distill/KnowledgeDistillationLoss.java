package dev.netshrink.workers.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.loss.Loss;

/**
 * Hinton-style distillation loss, matching the PyTorch reference {@code
 * alpha*T*T*kl_div(log_softmax(s/T), softmax(t/T), reduction='batchmean') +
 * (1-alpha)*cross_entropy(s, y)}.
 *
 * <p>The KL term is written as {@code sum(p_t * (log p_t - log p_s)) / batch} with one log-softmax
 * per distribution, so a batch costs about a dozen kernel launches; per-op overhead dominates for
 * small students. The T^2 factor keeps the soft-target gradients on the same scale as the hard ones
 * whatever the temperature.
 */
public final class KnowledgeDistillationLoss extends Loss {

  private final float alpha;
  private final float temperature;

  public KnowledgeDistillationLoss(float alpha, float temperature) {
    super("KnowledgeDistillationLoss");
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be within [0, 1], was " + alpha);
    }
    if (!(temperature > 0) || Float.isInfinite(temperature)) {
      throw new IllegalArgumentException(
          "temperature must be positive and finite, was " + temperature);
    }
    this.alpha = alpha;
    this.temperature = temperature;
  }

  public float alpha() {
    return alpha;
  }

  public float temperature() {
    return temperature;
  }

  /**
   * Computes the loss of a batch.
   *
   * @param studentLogits raw student outputs, (batch, classes)
   * @param teacherLogits raw teacher outputs for the same images, (batch, classes)
   * @param labels true classes, (batch), int64
   */
  public LossTerms terms(NDArray studentLogits, NDArray teacherLogits, NDArray labels) {
    long batch = studentLogits.getShape().get(0);
    NDArray studentLogProbs = soften(studentLogits).logSoftmax(1);
    NDArray teacherLogProbs = soften(teacherLogits).logSoftmax(1);
    NDArray kd = teacherLogProbs.exp().mul(teacherLogProbs.sub(studentLogProbs)).sum().div(batch);
    NDArray hardLogProbs = temperature == 1f ? studentLogProbs : studentLogits.logSoftmax(1);
    NDArray ce = negativeLogLikelihood(hardLogProbs, labels);
    NDArray total =
        alpha == 0f ? ce : kd.mul(alpha * temperature * temperature).add(ce.mul(1 - alpha));
    return new LossTerms(total, kd, ce);
  }

  /** Mean cross entropy of raw logits against int64 labels: what the teacher trains on. */
  public static NDArray crossEntropy(NDArray logits, NDArray labels) {
    return negativeLogLikelihood(logits.logSoftmax(1), labels);
  }

  /**
   * DJL {@link Loss} form, for use in a {@code TrainingConfig}: {@code labels} holds the true
   * classes then the teacher logits, {@code predictions} the student logits.
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return terms(predictions.singletonOrThrow(), labels.get(1), labels.get(0)).total();
  }

  private NDArray soften(NDArray logits) {
    return temperature == 1f ? logits : logits.div(temperature);
  }

  private static NDArray negativeLogLikelihood(NDArray logProbs, NDArray labels) {
    long batch = logProbs.getShape().get(0);
    return logProbs.get(new NDIndex().addAllDim().addPickDim(labels)).sum().div(-batch);
  }
}
