package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a campaign spec from YAML (JSON is YAML too). Unknown fields and wrong types are
 * errors that name the field, because a typo silently ignored is a campaign silently wrong.
 */
public final class SpecParser {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

  private SpecParser() {}

  public static CampaignSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidSpecException(List.of(new SpecError("(spec)", "the spec is empty")));
    }
    try {
      CampaignSpec spec = YAML.readValue(text, CampaignSpec.class);
      if (spec == null) {
        throw new InvalidSpecException(List.of(new SpecError("(spec)", "the spec is empty")));
      }
      return spec;
    } catch (UnrecognizedPropertyException e) {
      String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
          .map(Object::toString).sorted().collect(Collectors.joining(", "));
      throw rejected(e, "unknown field" + (known.isEmpty() ? "" : " (known fields: " + known + ")"));
    } catch (InvalidFormatException e) {
      throw rejected(e, "wrong type: '" + e.getValue() + "' is not " + describe(e.getTargetType()));
    } catch (MismatchedInputException e) {
      throw rejected(e, "wrong type: expected " + describe(e.getTargetType()));
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException(List.of(new SpecError("(spec)",
          "not valid YAML: " + e.getOriginalMessage()
              + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()))));
    }
  }

  private static InvalidSpecException rejected(JsonMappingException e, String reason) {
    return new InvalidSpecException(List.of(new SpecError(fieldPath(e), reason)));
  }

  static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "(spec)" : path.toString();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "the expected type";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object (" + type.getSimpleName() + ")";
  }
}
