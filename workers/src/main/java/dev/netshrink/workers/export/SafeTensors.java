package dev.netshrink.workers.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netshrink.protocol.wire.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes float32 tensors in the safetensors format (Hugging Face's pickle-free tensor file: an
 * 8-byte little-endian header length, a JSON header of name -> dtype, shape and byte range, then
 * the raw little-endian data), which {@code safetensors.torch.load_file} and netshrink_torch.py
 * read. Only what export needs: float32, written whole.
 */
public final class SafeTensors {

  /** One tensor: its shape and its values in row-major order. */
  public record Tensor(long[] shape, float[] values) {
    public Tensor {
      long size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
      if (size != values.length) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " holds " + size + " values, not " + values.length);
      }
    }
  }

  private SafeTensors() {}

  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    ObjectNode header = Json.MAPPER.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      ObjectNode entry = header.putObject(e.getKey());
      entry.put("dtype", "F32");
      var shape = entry.putArray("shape");
      Arrays.stream(e.getValue().shape()).forEach(shape::add);
      long bytes = 4L * e.getValue().values().length;
      entry.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json = Json.MAPPER.writeValueAsBytes(header);
    // the data starts 8-byte aligned: the header is padded with spaces, as the format allows
    int padded = (json.length + 7) / 8 * 8;
    byte[] head = Arrays.copyOf(json, padded);
    Arrays.fill(head, json.length, padded, (byte) ' ');
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(head);
      for (Tensor t : tensors.values()) {
        ByteBuffer data = ByteBuffer.allocate(4 * t.values().length).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(t.values());
        out.write(data.array());
      }
    }
  }

  /** The tensors of {@code file} as {@link #write} wrote them, in file order. */
  public static Map<String, Tensor> read(Path file) throws IOException {
    ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = all.getLong(0);
    if (headerLength < 2 || headerLength > all.capacity() - 8) {
      throw new IOException(file + " is not a safetensors file");
    }
    String json = new String(all.array(), 8, (int) headerLength, StandardCharsets.UTF_8);
    var header = Json.MAPPER.readTree(json);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    var names = header.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (name.equals("__metadata__")) {
        continue;
      }
      var entry = header.get(name);
      if (!"F32".equals(entry.path("dtype").asText())) {
        throw new IOException(name + " in " + file + " is not F32");
      }
      long[] shape = new long[entry.get("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = entry.get("shape").get(i).asLong();
      }
      long from = entry.get("data_offsets").get(0).asLong();
      long to = entry.get("data_offsets").get(1).asLong();
      float[] values = new float[(int) ((to - from) / 4)];
      all.slice((int) (8 + headerLength + from), (int) (to - from))
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(values);
      tensors.put(name, new Tensor(shape, values));
    }
    return tensors;
  }
}
