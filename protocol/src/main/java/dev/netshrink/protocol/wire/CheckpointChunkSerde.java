package dev.netshrink.protocol.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary checkpoint chunk: version byte, header fields, then the raw bytes. Version 2 added {@code
 * parameterBytes} after {@code totalBytes}; version 1 records (parameters only) still decode.
 */
public final class CheckpointChunkSerde implements Serde<CheckpointChunk> {

  static final byte VERSION = 2;
  static final byte VERSION_PARAMETERS_ONLY = 1;

  @Override
  public Serializer<CheckpointChunk> serializer() {
    return (topic, chunk) -> chunk == null ? null : encode(chunk);
  }

  @Override
  public Deserializer<CheckpointChunk> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes);
  }

  public static byte[] encode(CheckpointChunk c) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(c.data().length + 128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(c.trialId());
      out.writeUTF(c.arch());
      out.writeInt(c.widths().length);
      for (int w : c.widths()) {
        out.writeInt(w);
      }
      out.writeInt(c.epoch());
      out.writeInt(c.index());
      out.writeInt(c.chunks());
      out.writeLong(c.totalBytes());
      out.writeLong(c.parameterBytes());
      out.writeInt(c.data().length);
      out.write(c.data());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static CheckpointChunk decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION && version != VERSION_PARAMETERS_ONLY) {
        throw new SerializationException("unknown checkpoint chunk version " + version);
      }
      String trialId = in.readUTF();
      String arch = in.readUTF();
      int[] widths = new int[checkedLength(in.readInt(), 64)];
      for (int i = 0; i < widths.length; i++) {
        widths[i] = in.readInt();
      }
      int epoch = in.readInt();
      int index = in.readInt();
      int chunks = in.readInt();
      long total = in.readLong();
      long parameterBytes = version == VERSION_PARAMETERS_ONLY ? total : in.readLong();
      if (total < 0 || parameterBytes < 0 || parameterBytes > total) {
        throw new SerializationException(
            "checkpoint chunk says " + parameterBytes + " of " + total + " bytes are parameters");
      }
      byte[] data = new byte[checkedLength(in.readInt(), bytes.length)];
      in.readFully(data);
      if (in.available() != 0 || index < 0 || index >= chunks) {
        throw new SerializationException("malformed checkpoint chunk " + index + "/" + chunks);
      }
      return new CheckpointChunk(
          trialId, arch, widths, epoch, index, chunks, total, parameterBytes, data);
    } catch (IOException e) {
      throw new SerializationException("truncated checkpoint chunk: " + e, e);
    }
  }

  private static int checkedLength(int length, int max) {
    if (length < 0 || length > max) {
      throw new SerializationException("implausible length " + length + " in checkpoint chunk");
    }
    return length;
  }
}
