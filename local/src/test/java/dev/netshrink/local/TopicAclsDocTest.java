package dev.netshrink.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netshrink.protocol.topic.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;

/** The cluster notes grant exactly what `up --secure` grants, one kafka-acls.sh line each. */
class TopicAclsDocTest {

  private static final String PREFIX =
      "kafka-acls.sh --bootstrap-server $B --command-config admin.properties --add";

  @Test
  void everyBindingIsOneLineOfTheClusterNotesAndNoOtherLineGrants() throws Exception {
    List<String> documented =
        Files.readAllLines(Path.of("../deploy/secure-cluster.md")).stream()
            .filter(line -> line.startsWith(PREFIX))
            .toList();

    List<String> granted =
        TopicAcls.of(Topics.withDefaultPrefix()).stream().map(TopicAclsDocTest::command).toList();

    assertThat(documented).containsExactlyInAnyOrderElementsOf(granted);
  }

  private static String command(AclBinding binding) {
    String op = binding.entry().operation().name().toLowerCase(Locale.ROOT);
    return PREFIX
        + " --allow-principal "
        + binding.entry().principal()
        + " --operation "
        + Character.toUpperCase(op.charAt(0))
        + op.substring(1)
        + (binding.pattern().patternType() == PatternType.PREFIXED
            ? " --resource-pattern-type prefixed"
            : "")
        + (binding.pattern().resourceType() == org.apache.kafka.common.resource.ResourceType.GROUP
            ? " --group "
            : " --topic ")
        + binding.pattern().name();
  }
}
