package dev.netshrink.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.slf4j.LoggerFactory;

/**
 * The follower's block on a terminal, redrawn in place by JLine's {@link Display} (only the lines
 * that changed are rewritten). Log lines would be drawn over it, so the console log appender
 * (errors to stderr) is stopped while the block is up; the log file gets everything as always.
 */
final class LiveBlock implements AutoCloseable {

  private static final String CONSOLE_APPENDER = "STDERR";

  private final Terminal terminal;
  private final Display display;
  private final Appender<?> consoleLog;

  private LiveBlock(Terminal terminal) {
    this.terminal = terminal;
    this.display = new Display(terminal, false);
    this.consoleLog = consoleAppender();
    if (consoleLog != null) {
      consoleLog.stop();
    }
  }

  /** A block on this process's terminal; empty when there is none that can move its cursor. */
  static Optional<LiveBlock> open() {
    try {
      Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build();
      if (Terminal.TYPE_DUMB.equals(terminal.getType())
          || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
        terminal.close();
        return Optional.empty();
      }
      return Optional.of(new LiveBlock(terminal));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Redraws the block as {@code lines}, each cut to the terminal's width so it stays one row. */
  void draw(List<String> lines) {
    Size size = terminal.getSize();
    int columns = size.getColumns() > 0 ? size.getColumns() : 120;
    int rows = size.getRows() > 0 ? size.getRows() : 40;
    display.resize(rows, columns);
    display.update(
        lines.stream()
            .map(l -> l.length() < columns ? l : l.substring(0, columns - 1))
            .map(AttributedString::new)
            .toList(),
        -1);
    terminal.flush();
  }

  /** Leaves the last drawing on the screen, below it a fresh line, and the console log back on. */
  @Override
  public void close() {
    terminal.writer().println();
    terminal.flush();
    try {
      terminal.close();
    } catch (IOException e) {
      // the terminal's settings were ours to restore; nothing more can be done here
    }
    if (consoleLog != null) {
      consoleLog.start();
    }
  }

  private static Appender<?> consoleAppender() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      return context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(CONSOLE_APPENDER);
    }
    return null;
  }
}
