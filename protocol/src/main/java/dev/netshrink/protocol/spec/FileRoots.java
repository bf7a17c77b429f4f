package dev.netshrink.protocol.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The folders a spec's files (the dataset, a teacher checkpoint) may come from: {@code
 * netshrink.spec.file-roots}. A spec is a request from whoever can reach the API, and a worker
 * reads what it names; without this, {@code teacher.checkpoint: ../../../../etc/passwd} was read.
 * Checked twice: by path at submission ({@link #refusal}), and by real path, links resolved, on the
 * machine that opens the file ({@link #confine}).
 */
public record FileRoots(List<Path> roots) {

  public FileRoots {
    roots = roots.stream().map(FileRoots::absolute).distinct().toList();
  }

  /** A path that may not be read: {@code field} and {@code reason}, as a spec error says them. */
  public static final class RefusedPath extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    RefusedPath(String field, String reason, Throwable cause) {
      super(field + ": " + reason, cause);
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  /** The roots of this process's configuration. */
  public static FileRoots configured() {
    return from(ConfigFactory.load());
  }

  public static FileRoots from(Config root) {
    return new FileRoots(
        root.getStringList("netshrink.spec.file-roots").stream()
            .filter(s -> !s.isBlank())
            .map(Path::of)
            .toList());
  }

  /**
   * Why {@code path} may not be read, judged by its name alone (".." resolved, relative to this
   * process's folder); empty when it lies under a root.
   */
  public Optional<String> refusal(String path) {
    Path wanted = absolute(Path.of(path));
    return roots.stream().anyMatch(wanted::startsWith)
        ? Optional.empty()
        : Optional.of(wanted + " is outside the folders specs may read: " + described());
  }

  /**
   * The real path of {@code path} (links resolved) when it exists and lies under the real path of a
   * root; otherwise a {@link RefusedPath} that names {@code field} and the reason.
   */
  public Path confine(String field, String path) {
    Optional<String> refused = refusal(path);
    if (refused.isPresent()) {
      throw new RefusedPath(field, refused.get(), null);
    }
    Path real;
    try {
      real = Path.of(path).toRealPath();
    } catch (NoSuchFileException e) {
      throw new RefusedPath(field, path + " does not exist", e);
    } catch (IOException e) {
      throw new RefusedPath(field, "cannot resolve " + path + ": " + e, e);
    }
    for (Path root : roots) {
      if (Files.exists(root) && real.startsWith(realPath(root))) {
        return real;
      }
    }
    throw new RefusedPath(
        field,
        path + " leads to " + real + ", outside the folders specs may read: " + described(),
        null);
  }

  private String described() {
    return roots.stream().map(Path::toString).collect(Collectors.joining(", "))
        + " (netshrink.spec.file-roots; add one with NETSHRINK_FILE_ROOT)";
  }

  private static Path absolute(Path path) {
    return path.toAbsolutePath().normalize();
  }

  private static Path realPath(Path root) {
    try {
      return root.toRealPath();
    } catch (IOException e) {
      return root;
    }
  }
}
