package dev.netshrink.protocol.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.netshrink.protocol.wire.WireName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a campaign spec from YAML (JSON is YAML too). Unknown fields and wrong types are errors
 * that name the field, because a typo silently ignored is a campaign silently wrong. A name that is
 * not one of its kind (an architecture, a pruning method) is an error too, but reading goes on so
 * that the validator can report every other problem with it.
 */
public final class SpecParser {

  private static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

  /**
   * A spec as written, and the names in it that are not one of their kind: each such field reads as
   * absent (null), so defaults fill it and validation sees the rest of the spec.
   */
  public record Parsed(CampaignSpec spec, List<SpecError> unknownNames) {}

  private SpecParser() {}

  public static Parsed parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidSpecException(List.of(new SpecError("(spec)", "the spec is empty")));
    }
    StrictYaml.check(text);
    UnknownNames unknownNames = new UnknownNames();
    try {
      CampaignSpec spec =
          YAML.readerFor(CampaignSpec.class).withHandler(unknownNames).readValue(text);
      if (spec == null) {
        throw new InvalidSpecException(List.of(new SpecError("(spec)", "the spec is empty")));
      }
      return new Parsed(spec, List.copyOf(unknownNames.errors));
    } catch (UnrecognizedPropertyException e) {
      String known =
          e.getKnownPropertyIds() == null
              ? ""
              : e.getKnownPropertyIds().stream()
                  .map(Object::toString)
                  .sorted()
                  .collect(Collectors.joining(", "));
      throw rejected(
          e, "unknown field" + (known.isEmpty() ? "" : " (known fields: " + known + ")"));
    } catch (InvalidFormatException e) {
      throw rejected(e, "wrong type: '" + e.getValue() + "' is not " + describe(e.getTargetType()));
    } catch (MismatchedInputException e) {
      throw rejected(e, "wrong type: expected " + describe(e.getTargetType()));
    } catch (JsonMappingException e) {
      // the binder wraps what the parser refused, with the path it had reached
      if (e.getCause() instanceof StreamReadException r) {
        Optional<String> reason = numberRefused(r);
        if (reason.isPresent()) {
          throw rejected(e, reason.get());
        }
      }
      throw notYaml(e);
    } catch (StreamReadException e) {
      // refused by the parser itself: named by where the parser stood
      throw numberRefused(e).map(reason -> atParser(e, reason)).orElseGet(() -> notYaml(e));
    } catch (JsonProcessingException e) {
      throw notYaml(e);
    }
  }

  /**
   * Why the parser refused a number, if that is what it refused: too large for its field, or YAML's
   * {@code .nan} and {@code .inf}, which no setting of a campaign takes.
   */
  private static Optional<String> numberRefused(StreamReadException e) {
    if (e instanceof InputCoercionException c) {
      return Optional.of(textOf(c) + " is out of range for " + describe(c.getTargetType()));
    }
    if (e.getOriginalMessage().startsWith("Malformed numeric value")) {
      return Optional.of("'" + textOf(e) + "' is not a finite number");
    }
    return Optional.empty();
  }

  private static InvalidSpecException atParser(StreamReadException e, String reason) {
    String field =
        e.getProcessor() == null ? "(spec)" : fieldPath(e.getProcessor().getParsingContext());
    return new InvalidSpecException(List.of(new SpecError(field, reason)));
  }

  private static InvalidSpecException notYaml(JsonProcessingException e) {
    return new InvalidSpecException(
        List.of(
            new SpecError(
                "(spec)",
                "not valid YAML: "
                    + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()))));
  }

  /**
   * The value the parser refused, as its message quotes it ({@code Numeric value (99999999999) out
   * of range}, {@code Malformed numeric value '.nan'}): the parser has moved on by the time the
   * binder reports it.
   */
  private static String textOf(StreamReadException e) {
    Matcher m = QUOTED_VALUE.matcher(e.getOriginalMessage());
    return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : "the value";
  }

  private static final Pattern QUOTED_VALUE = Pattern.compile("\\(([^)]*)\\)|'([^']*)'");

  /** Records each string that names no constant of a {@link WireName} enum; reads it as null. */
  private static final class UnknownNames extends DeserializationProblemHandler {

    private final List<SpecError> errors = new ArrayList<>();

    @Override
    public Object handleWeirdStringValue(
        DeserializationContext context, Class<?> type, String value, String failureMessage) {
      if (!type.isEnum() || !WireName.class.isAssignableFrom(type)) {
        return NOT_HANDLED;
      }
      errors.add(
          new SpecError(
              fieldPath(context.getParser().getParsingContext()),
              "'" + value + "' is not one of " + WireName.names(type)));
      return null;
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

  /** The path of the value being read, e.g. {@code pruning.methods[1]}. */
  private static String fieldPath(JsonStreamContext context) {
    List<String> parts = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        parts.add(0, "[" + c.getCurrentIndex() + "]");
      } else if (c.getCurrentName() != null) {
        parts.add(
            0, (c.getParent() == null || c.getParent().inRoot() ? "" : ".") + c.getCurrentName());
      }
    }
    return parts.isEmpty() ? "(spec)" : String.join("", parts);
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
    if (type.isEnum() && WireName.class.isAssignableFrom(type)) {
      return "one of " + WireName.names(type);
    }
    return "an object (" + type.getSimpleName() + ")";
  }
}
