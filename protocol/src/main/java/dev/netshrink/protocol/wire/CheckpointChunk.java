package dev.netshrink.protocol.wire;

/**
 * One piece of a model checkpoint. Checkpoints are split so each record stays under the broker's
 * message size; a reader assembles chunks {@code 0..chunks-1} of the same epoch. {@code widths}
 * carries the architecture's channel widths, which a parameters file alone does not record. The
 * assembled {@code totalBytes} are the parameters ({@code parameterBytes} of them) followed by the
 * optimizer's state (the rest; none in checkpoints written before it was saved).
 */
public record CheckpointChunk(
    String trialId,
    String arch,
    int[] widths,
    int epoch,
    int index,
    int chunks,
    long totalBytes,
    long parameterBytes,
    byte[] data) {

  /** A chunk of a checkpoint that holds parameters only. */
  public CheckpointChunk(
      String trialId,
      String arch,
      int[] widths,
      int epoch,
      int index,
      int chunks,
      long totalBytes,
      byte[] data) {
    this(trialId, arch, widths, epoch, index, chunks, totalBytes, totalBytes, data);
  }

  /** Keep records well under the 1 MB default message size. */
  public static final int MAX_CHUNK_BYTES = 900 * 1024;

  /** The record key of chunk {@code index} of one attempt's checkpoint: jobId/index. */
  public static String recordKey(String jobId, int index) {
    return jobId + "/" + index;
  }
}
