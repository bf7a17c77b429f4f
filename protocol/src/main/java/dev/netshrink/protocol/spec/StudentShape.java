package dev.netshrink.protocol.spec;

import java.util.List;

/**
 * The parameter count of the depthwise-separable student, by arithmetic, so a campaign over
 * budget is rejected at submission without loading any tensor library. The workers' test
 * checks this count against the real DJL model.
 *
 * <p>Layout: stem conv 3x3 (in -> w0, no bias) + BN; then for each further width a block of
 * depthwise 3x3 (no bias) + BN + pointwise 1x1 (no bias) + BN + ReLU; global average pool;
 * linear w_last -> classes (with bias). BN counts gamma and beta, as torchsummary does.
 */
public final class StudentShape {

  public static final List<Integer> DEFAULT_WIDTHS = List.of(32, 64, 128, 128, 192);

  private StudentShape() {}

  public static long parameterCount(int inChannels, List<Integer> widths, int classes) {
    long count = 9L * inChannels * widths.get(0) + 2L * widths.get(0);
    for (int i = 1; i < widths.size(); i++) {
      long in = widths.get(i - 1);
      long out = widths.get(i);
      count += 9 * in + 2 * in + in * out + 2 * out;
    }
    long last = widths.get(widths.size() - 1);
    return count + last * classes + classes;
  }
}
