package dev.netshrink.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class NonFiniteAsNullTest {

  record Point(double accuracy, Double boxed, float f, List<Double> curve) {}

  /** Jackson's defaults: the NaN token is refused, as browsers, jq and pandas refuse it. */
  private static final ObjectMapper STRICT = new ObjectMapper();

  @Test
  void writesStandardJsonWithNullForEveryNonFiniteNumber() throws Exception {
    String json =
        Json.MAPPER.writeValueAsString(
            new Point(
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Float.NaN,
                List.of(0.5, Double.NEGATIVE_INFINITY)));

    assertThat(json)
        .isEqualTo("{\"accuracy\":null,\"boxed\":null,\"f\":null,\"curve\":[0.5,null]}");
    assertThat(STRICT.readTree(json).get("accuracy").isNull()).isTrue();
  }

  @Test
  void readsNullBackAsNaNInAPrimitiveAndAsNullInABox() throws Exception {
    Point p =
        Json.MAPPER.readValue(
            "{\"accuracy\":null,\"boxed\":null,\"f\":1.5,\"curve\":[]}", Point.class);

    assertThat(p.accuracy()).isNaN();
    assertThat(p.boxed()).isNull();
  }

  @Test
  void stillReadsTheNaNTokenOfOlderRecordsAndAMissingFieldAsZero() throws Exception {
    assertThat(Json.MAPPER.readValue("{\"accuracy\":NaN}", Point.class).accuracy()).isNaN();
    assertThat(Json.MAPPER.readValue("{\"f\":2.0}", Point.class).accuracy()).isZero();
  }

  @Test
  void finiteNumbersAreWrittenAsBefore() throws Exception {
    assertThat(Json.MAPPER.writeValueAsString(new Point(0.8123, 1.0e-9, 0.25f, List.of())))
        .isEqualTo("{\"accuracy\":0.8123,\"boxed\":1.0E-9,\"f\":0.25,\"curve\":[]}");
  }
}
