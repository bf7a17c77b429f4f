package dev.netshrink.protocol.spec;

import java.io.StringReader;
import java.util.List;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * What a spec's YAML may not use, found in its event stream before any value is read: anchors and
 * aliases (the data binder reads {@code *name} as the anchor's name, not its value) and a second
 * document (which it would silently ignore).
 */
final class StrictYaml {

  private StrictYaml() {}

  static void check(String text) {
    int documents = 0;
    try {
      for (Event event : new Yaml().parse(new StringReader(text))) {
        int line = event.getStartMark() == null ? 0 : event.getStartMark().getLine() + 1;
        if (event instanceof DocumentStartEvent && ++documents > 1) {
          throw refused("a spec is one YAML document; a second one starts at line " + line);
        }
        if (event instanceof AliasEvent
            || (event instanceof NodeEvent node && node.getAnchor() != null)) {
          throw refused("anchors and aliases are not supported (line " + line + ")");
        }
      }
    } catch (MarkedYAMLException e) {
      throw refused(
          "not valid YAML: "
              + e.getProblem()
              + (e.getProblemMark() == null
                  ? ""
                  : " at line " + (e.getProblemMark().getLine() + 1)));
    }
  }

  private static InvalidSpecException refused(String reason) {
    return new InvalidSpecException(List.of(new SpecError("(spec)", reason)));
  }
}
