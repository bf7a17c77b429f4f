package dev.netshrink.protocol.kafka;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * How every netshrink process reaches Kafka. {@code passThrough} holds any client property (SASL,
 * TLS, timeouts) and is applied last and untouched, so security settings reach every producer,
 * consumer and admin client.
 */
public record KafkaSettings(String bootstrapServers, Map<String, Object> passThrough) {

  public KafkaSettings {
    passThrough = Map.copyOf(passThrough);
  }

  public static KafkaSettings of(String bootstrapServers) {
    return new KafkaSettings(bootstrapServers, Map.of());
  }

  /**
   * {@code netshrink.kafka} of {@code root}: bootstrap servers and the pass-through client
   * settings: those of the {@code client-properties} file (where credentials belong: a file only
   * its owner reads, not a command line every local user can see), then the {@code client} block
   * over them.
   */
  public static KafkaSettings from(Config root) {
    Config kafka = root.getConfig("netshrink.kafka");
    Map<String, Object> client = new HashMap<>();
    String file = kafka.getString("client-properties");
    if (!file.isBlank()) {
      clientProperties(Path.of(file)).forEach((k, v) -> client.put((String) k, v));
    }
    kafka
        .getConfig("client")
        .entrySet()
        // a path's elements joined again: `"sasl.jaas.config" = ...` (quoted, as Kafka names
        // read best) is the property sasl.jaas.config, not one whose name holds the quotes
        .forEach(
            e ->
                client.put(
                    String.join(".", ConfigUtil.splitPath(e.getKey())), e.getValue().unwrapped()));
    return new KafkaSettings(kafka.getString("bootstrap-servers"), client);
  }

  private static Properties clientProperties(Path file) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException e) {
      throw new ConfigException.BadValue(
          "netshrink.kafka.client-properties", "cannot read Kafka client properties " + file, e);
    }
    return props;
  }

  /** The same client settings against other brokers (a --bootstrap option, an embedded broker). */
  public KafkaSettings withBootstrapServers(String servers) {
    return new KafkaSettings(servers, passThrough);
  }

  /** Idempotent, acks=all, batched a little: events and logits are never silently lost. */
  public Properties producer(String clientId) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 1024 * 1024);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return withPassThrough(p);
  }

  /** Raw-bytes consumer: decoding happens in netshrink code so bad records can be dead-lettered. */
  public Properties consumer(String groupId, String clientId) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    if (groupId != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return withPassThrough(p);
  }

  public Properties admin() {
    Map<String, Object> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrapServers);
    return withPassThrough(p);
  }

  private Properties withPassThrough(Map<String, Object> base) {
    Properties props = new Properties();
    props.putAll(base);
    props.putAll(passThrough);
    return props;
  }
}
