package dev.netshrink.protocol.topic;

import org.apache.kafka.common.serialization.Serde;

/**
 * A topic with its name, typed key and value serdes and the settings it is created with. No topic
 * name appears as a bare string anywhere else.
 */
public record TopicDescriptor<K, V>(
    String name,
    Serde<K> keySerde,
    Serde<V> valueSerde,
    boolean compacted,
    int partitions,
    long retentionBytes) {}
