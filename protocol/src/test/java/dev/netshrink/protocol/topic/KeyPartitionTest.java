package dev.netshrink.protocol.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class KeyPartitionTest {

  @Test
  void placesAKeyWhereTheProducersBuiltInPartitionerDoes() {
    for (int partitions : new int[] {1, 2, 3, 16, 50}) {
      IntStream.rangeClosed(1, 200)
          .mapToObj(i -> (i % 2 == 0 ? "local-student-" : "bench-teacher-") + i)
          .forEach(
              id ->
                  assertThat(KeyPartition.of(id, partitions))
                      .as("%s over %d partitions", id, partitions)
                      .isEqualTo(
                          BuiltInPartitioner.partitionForKey(
                              id.getBytes(StandardCharsets.UTF_8), partitions)));
    }
  }

  @Test
  void spreadsTheDemosWorkersOverTheAssignmentPartitions() {
    // a worker alone on its partition fetches nothing but its own assignments
    assertThat(
            IntStream.of(1, 2, 3, 4)
                .map(i -> KeyPartition.of("local-student-" + i, Topics.ASSIGNMENT_PARTITIONS))
                .distinct()
                .count())
        .isGreaterThan(1);
  }

  @Test
  void refusesATopicWithoutPartitions() {
    assertThatThrownBy(() -> KeyPartition.of("w", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitions must be >= 1");
  }
}
