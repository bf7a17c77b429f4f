package dev.netshrink.workers.prune;

/** Selecting indices along one dimension of a row-major tensor held as a float array. */
final class TensorSlices {

  private TensorSlices() {}

  /**
   * The entries of {@code values} (shape {@code shape}) whose index along {@code axis} lies in one
   * of the blocks {@code [k * block, (k + 1) * block)} for each {@code k} in {@code kept}, in
   * order.
   */
  static float[] keep(float[] values, long[] shape, int axis, int[] kept, int block) {
    int outer = 1;
    for (int d = 0; d < axis; d++) {
      outer *= Math.toIntExact(shape[d]);
    }
    int inner = 1;
    for (int d = axis + 1; d < shape.length; d++) {
      inner *= Math.toIntExact(shape[d]);
    }
    int dim = Math.toIntExact(shape[axis]);
    if ((long) kept.length * block > dim) {
      throw new IllegalArgumentException(kept.length + " blocks of " + block + " exceed " + dim);
    }
    float[] out = new float[outer * kept.length * block * inner];
    int to = 0;
    for (int o = 0; o < outer; o++) {
      for (int k : kept) {
        int from = (o * dim + k * block) * inner;
        System.arraycopy(values, from, out, to, block * inner);
        to += block * inner;
      }
    }
    return out;
  }
}
