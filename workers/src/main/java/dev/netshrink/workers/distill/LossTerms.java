package dev.netshrink.workers.distill;

import ai.djl.ndarray.NDArray;

/**
 * One batch's loss and the two terms it is made of, as scalars: {@code kd} is the KL divergence
 * between the softened teacher and student distributions (batch mean, not yet scaled by alpha*T^2),
 * {@code ce} the cross entropy against the true labels, {@code total} what is back-propagated.
 */
public record LossTerms(NDArray total, NDArray kd, NDArray ce) {}
