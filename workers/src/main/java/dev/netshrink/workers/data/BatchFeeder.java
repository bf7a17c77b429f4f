package dev.netshrink.workers.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Turns slices of an {@link ImageDataset} (and of row matrices aligned with it, such as teacher
 * logits) into NDArrays through reusable direct buffers.
 *
 * <p>Images come out channels-last by default: shape {@code (N, C, H, W)} as every block expects,
 * but laid out in memory as {@code (N, H, W, C)}. libtorch's oneDNN convolutions follow the input's
 * layout and pass it on to every later layer, and on these CPUs the channels-last kernels
 * (depthwise convolutions and BatchNorm above all) train the student about 1.5x and run inference
 * about 1.7x faster (BENCHMARKS.md, benchmark 1). {@code -Dnetshrink.channels-last=false} restores
 * the plain layout, for comparison. The numbers are the same either way up to float rounding.
 *
 * <p>Why: {@code NDManager.create(float[])} allocates a fresh direct buffer per batch that only the
 * GC frees, so RSS grows during long runs. The PyTorch engine wraps a direct buffer without copying
 * ({@code from_blob}), so an array returned here aliases this feeder's memory: close it (close the
 * batch's sub-manager) before asking for the next batch. One feeder per thread.
 */
public final class BatchFeeder {

  /** Images {@code (size, C, H, W)} float32 and labels {@code (size)} int64 of one batch. */
  public record Batch(NDArray images, NDArray labels) {}

  /** The layout asked for by {@code -Dnetshrink.channels-last} (default: channels-last). */
  public static boolean channelsLastByDefault() {
    return !"false".equalsIgnoreCase(System.getProperty("netshrink.channels-last", "true"));
  }

  private final ImageDataset data;
  private final int batchSize;
  private final boolean channelsLast;
  private final ByteBuffer pixels;
  private float[] planar;
  private float[] interleaved;
  private final ByteBuffer labels;
  private ByteBuffer rows;

  public BatchFeeder(ImageDataset data, int batchSize) {
    this(data, batchSize, channelsLastByDefault());
  }

  public BatchFeeder(ImageDataset data, int batchSize, boolean channelsLast) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
    }
    this.data = data;
    this.batchSize = batchSize;
    this.channelsLast = channelsLast;
    this.pixels = direct((long) batchSize * data.imageSize() * Float.BYTES);
    this.labels = direct((long) batchSize * Long.BYTES);
  }

  public ImageDataset data() {
    return data;
  }

  /**
   * Images {@code order[from .. from+size)} as {@code (size, C, H, W)} float32 and their labels as
   * {@code (size)} int64.
   */
  public Batch batch(NDManager manager, int[] order, int from, int size) {
    return batch(manager, order, from, size, null);
  }

  /**
   * Like {@link #batch(NDManager, int[], int, int)}, mirroring image {@code order[i]} where {@code
   * mirror[i]}.
   */
  public Batch batch(NDManager manager, int[] order, int from, int size, boolean[] mirror) {
    checkSize(size);
    pixels.clear();
    labels.clear();
    if (channelsLast && data.channels() > 1) {
      fillInterleaved(order, from, size, mirror);
    } else {
      // one channel: (N, 1, H, W) and (N, H, W, 1) are the same bytes
      data.fillBatch(order, from, size, mirror, pixels.asFloatBuffer(), labels.asLongBuffer());
    }
    // Exact limits: DJL warns when a buffer is larger than the array (the last, short batch).
    pixels.limit(size * data.imageSize() * Float.BYTES);
    labels.limit(size * Long.BYTES);
    NDArray images =
        channelsLast
            ? manager
                .create(
                    pixels,
                    new Shape(size, data.height(), data.width(), data.channels()),
                    DataType.FLOAT32)
                .transpose(0, 3, 1, 2)
            : manager.create(
                pixels,
                new Shape(size, data.channels(), data.height(), data.width()),
                DataType.FLOAT32);
    return new Batch(images, manager.create(labels, new Shape(size), DataType.INT64));
  }

  /** Whether images come out channels-last (see the class comment). */
  public boolean channelsLast() {
    return channelsLast;
  }

  private void fillInterleaved(int[] order, int from, int size, boolean[] mirror) {
    int imageSize = data.imageSize();
    if (planar == null) {
      planar = new float[batchSize * imageSize];
      interleaved = new float[batchSize * imageSize];
    }
    data.fillBatch(order, from, size, mirror, FloatBuffer.wrap(planar), labels.asLongBuffer());
    int channels = data.channels();
    int plane = data.height() * data.width();
    for (int image = 0; image < size; image++) {
      int base = image * imageSize;
      for (int c = 0; c < channels; c++) {
        int source = base + c * plane;
        for (int p = 0; p < plane; p++) {
          interleaved[base + p * channels + c] = planar[source + p];
        }
      }
    }
    pixels.asFloatBuffer().put(interleaved, 0, size * imageSize);
  }

  /**
   * Rows {@code order[from .. from+size)} of a row-major {@code N x columns} matrix, as {@code
   * (size, columns)}.
   */
  public NDArray rows(
      NDManager manager, float[] matrix, int columns, int[] order, int from, int size) {
    return rows(manager, matrix, null, null, columns, order, from, size);
  }

  /**
   * Like {@link #rows(NDManager, float[], int, int[], int, int)}, but position {@code i} takes its
   * row from {@code mirrored} where {@code mirror[i]}: the rows that belong to the images as {@link
   * #batch(NDManager, int[], int, int, boolean[])} flipped them. Null {@code mirror} reads {@code
   * matrix} only.
   */
  public NDArray rows(
      NDManager manager,
      float[] matrix,
      float[] mirrored,
      boolean[] mirror,
      int columns,
      int[] order,
      int from,
      int size) {
    checkSize(size);
    if (mirror != null && mirrored == null) {
      throw new IllegalArgumentException("mirrored images need the rows of the mirrored view");
    }
    if (rows == null || rows.capacity() < batchSize * columns * Float.BYTES) {
      rows = direct((long) batchSize * columns * Float.BYTES);
    }
    rows.clear();
    var out = rows.asFloatBuffer();
    for (int i = from; i < from + size; i++) {
      out.put(mirror != null && mirror[i] ? mirrored : matrix, order[i] * columns, columns);
    }
    rows.limit(size * columns * Float.BYTES);
    return manager.create(rows, new Shape(size, columns), DataType.FLOAT32);
  }

  private void checkSize(int size) {
    if (size <= 0 || size > batchSize) {
      throw new IllegalArgumentException(
          "batch of " + size + " does not fit buffers for " + batchSize);
    }
  }

  private static ByteBuffer direct(long bytes) {
    return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
  }
}
