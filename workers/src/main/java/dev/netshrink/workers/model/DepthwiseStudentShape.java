package dev.netshrink.workers.model;

import java.util.Arrays;

/**
 * The shape of the depthwise-separable student: a 3x3 stem to {@code widths[0]} channels, then one
 * block per further width (depthwise 3x3 + BN, pointwise 1x1 + BN, ReLU), global average pooling
 * and a linear classifier.
 *
 * <p>Deliberately free of DJL so that it can move to the protocol module: the orchestrator sizes
 * and validates students (parameter budgets, pruned widths) without loading an engine.
 */
public record DepthwiseStudentShape(int inChannels, int[] widths, int[] strides, int classes) {

    /** Widths of the default student: 58,378 parameters for 10 classes (torchsummary's count). */
    private static final int[] DEFAULT_WIDTHS = {32, 64, 128, 128, 192};

    public DepthwiseStudentShape {
        if (inChannels <= 0 || classes <= 0 || widths.length == 0) {
            throw new IllegalArgumentException("need inChannels > 0, classes > 0 and at least the stem width");
        }
        if (strides.length != widths.length - 1) {
            throw new IllegalArgumentException(
                    widths.length - 1 + " blocks need as many strides, got " + strides.length);
        }
        for (int width : widths) {
            if (width <= 0) {
                throw new IllegalArgumentException("widths must be positive: " + Arrays.toString(widths));
            }
        }
        for (int stride : strides) {
            if (stride != 1 && stride != 2) {
                throw new IllegalArgumentException("strides must be 1 or 2: " + Arrays.toString(strides));
            }
        }
        widths = widths.clone();
        strides = strides.clone();
    }

    /** A student with {@link #defaultStrides(int) default strides}. */
    public static DepthwiseStudentShape of(int inChannels, int[] widths, int classes) {
        return new DepthwiseStudentShape(inChannels, widths, defaultStrides(widths.length - 1), classes);
    }

    /** The default student for single-channel images. */
    public static DepthwiseStudentShape defaults(int classes) {
        return of(1, DEFAULT_WIDTHS, classes);
    }

    public static int[] defaultWidths() {
        return DEFAULT_WIDTHS.clone();
    }

    /**
     * Strides by block position, not by width, so that pruning a block's width never changes where
     * the network downsamples: every even-numbered block (0, 2, 4, ...) halves the resolution
     * (28 -> 14 -> 7 -> 4 for six blocks).
     */
    public static int[] defaultStrides(int blocks) {
        int[] strides = new int[blocks];
        for (int i = 0; i < blocks; i++) {
            strides[i] = i % 2 == 0 ? 2 : 1;
        }
        return strides;
    }

    /**
     * Trainable parameters, counted as torchsummary counts them: convolution weights (no biases),
     * BatchNorm gamma and beta (running statistics are buffers), linear weight and bias.
     */
    public static long parameterCount(int inChannels, int[] widths, int classes) {
        long stem = 9L * inChannels * widths[0] + batchNorm(widths[0]);
        long blocks = 0;
        for (int i = 1; i < widths.length; i++) {
            long in = widths[i - 1];
            long out = widths[i];
            blocks += 9 * in + batchNorm(in) + in * out + batchNorm(out);
        }
        long head = (long) widths[widths.length - 1] * classes + classes;
        return stem + blocks + head;
    }

    public long parameterCount() {
        return parameterCount(inChannels, widths, classes);
    }

    @Override
    public int[] widths() {
        return widths.clone();
    }

    @Override
    public int[] strides() {
        return strides.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DepthwiseStudentShape that
                && inChannels == that.inChannels
                && classes == that.classes
                && Arrays.equals(widths, that.widths)
                && Arrays.equals(strides, that.strides);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * inChannels + classes) + Arrays.hashCode(widths)) + Arrays.hashCode(strides);
    }

    @Override
    public String toString() {
        return "DepthwiseStudentShape[in=" + inChannels + ", widths=" + Arrays.toString(widths)
                + ", strides=" + Arrays.toString(strides) + ", classes=" + classes + "]";
    }

    private static long batchNorm(long channels) {
        return 2 * channels;
    }
}
