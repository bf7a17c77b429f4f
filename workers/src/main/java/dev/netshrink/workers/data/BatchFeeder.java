package dev.netshrink.workers.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Turns slices of an {@link ImageDataset} (and of row matrices aligned with it, such as teacher
 * logits) into NDArrays through reusable direct buffers.
 *
 * <p>Why: {@code NDManager.create(float[])} allocates a fresh direct buffer per batch that only the
 * GC frees, so RSS grows during long runs. The PyTorch engine wraps a direct buffer without copying
 * ({@code from_blob}), so an array returned here aliases this feeder's memory: close it (close the
 * batch's sub-manager) before asking for the next batch. One feeder per thread.
 */
public final class BatchFeeder {

  /** Images {@code (size, C, H, W)} float32 and labels {@code (size)} int64 of one batch. */
  public record Batch(NDArray images, NDArray labels) {}

  private final ImageDataset data;
  private final int batchSize;
  private final ByteBuffer pixels;
  private final ByteBuffer labels;
  private ByteBuffer rows;

  public BatchFeeder(ImageDataset data, int batchSize) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
    }
    this.data = data;
    this.batchSize = batchSize;
    this.pixels = direct((long) batchSize * data.imageSize() * Float.BYTES);
    this.labels = direct((long) batchSize * Long.BYTES);
  }

  public ImageDataset data() {
    return data;
  }

  /** Images {@code order[from .. from+size)} as {@code (size, C, H, W)} float32 and their labels as {@code (size)} int64. */
  public Batch batch(NDManager manager, int[] order, int from, int size) {
    return batch(manager, order, from, size, null);
  }

  /** Like {@link #batch(NDManager, int[], int, int)}, mirroring image {@code order[i]} where {@code mirror[i]}. */
  public Batch batch(NDManager manager, int[] order, int from, int size, boolean[] mirror) {
    checkSize(size);
    pixels.clear();
    labels.clear();
    data.fillBatch(order, from, size, mirror, pixels.asFloatBuffer(), labels.asLongBuffer());
    // Exact limits: DJL warns when a buffer is larger than the array (the last, short batch).
    pixels.limit(size * data.imageSize() * Float.BYTES);
    labels.limit(size * Long.BYTES);
    Shape imageShape = new Shape(size, data.channels(), data.height(), data.width());
    return new Batch(
        manager.create(pixels, imageShape, DataType.FLOAT32),
        manager.create(labels, new Shape(size), DataType.INT64));
  }

  /** Rows {@code order[from .. from+size)} of a row-major {@code N x columns} matrix, as {@code (size, columns)}. */
  public NDArray rows(NDManager manager, float[] matrix, int columns, int[] order, int from, int size) {
    checkSize(size);
    if (rows == null || rows.capacity() < batchSize * columns * Float.BYTES) {
      rows = direct((long) batchSize * columns * Float.BYTES);
    }
    rows.clear();
    var out = rows.asFloatBuffer();
    for (int i = from; i < from + size; i++) {
      out.put(matrix, order[i] * columns, columns);
    }
    rows.limit(size * columns * Float.BYTES);
    return manager.create(rows, new Shape(size, columns), DataType.FLOAT32);
  }

  private void checkSize(int size) {
    if (size <= 0 || size > batchSize) {
      throw new IllegalArgumentException("batch of " + size + " does not fit buffers for " + batchSize);
    }
  }

  private static ByteBuffer direct(long bytes) {
    return ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder());
  }
}
