package dev.netshrink.orchestrator.report;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The report's CSV files, written by Commons CSV: a trial name, layer path or error message with a
 * comma or a quote in it stays one field (RFC 4180 quoting), lines end in LF, and an absent value
 * is an empty field.
 */
final class CsvFile {

  private CsvFile() {}

  static void write(Path file, List<String> header, List<List<String>> rows) throws IOException {
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setRecordSeparator('\n')
            .setHeader(header.toArray(String[]::new))
            .get();
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(writer, format)) {
      for (List<String> row : rows) {
        printer.printRecord(row);
      }
    }
  }

  /** {@code value} as {@code pattern} formats it (ROOT locale); empty when null or not finite. */
  static String num(Number value, String pattern) {
    if (value == null || (value instanceof Double d && !Double.isFinite(d))) {
      return "";
    }
    return String.format(Locale.ROOT, pattern, value);
  }

  /** {@code value}'s plain text; empty when null or a non-finite double. */
  static String str(Object value) {
    if (value == null || (value instanceof Double d && !Double.isFinite(d))) {
      return "";
    }
    return value.toString();
  }
}
