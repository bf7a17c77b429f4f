package dev.netshrink.local.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SASL/SCRAM users of a secured embedded broker, one Kafka client properties file each, in a
 * folder only its owner may read: {@code admin} (the broker itself, and whoever provisions topics
 * and ACLs), {@code orchestrator} and {@code worker}. Passwords are drawn once, when the folder is
 * made, and registered with the broker when its log directory is formatted.
 */
public final class BrokerCredentials {

  public static final String ADMIN = "admin";
  public static final String ORCHESTRATOR = "orchestrator";
  public static final String WORKER = "worker";
  public static final String MECHANISM = "SCRAM-SHA-512";
  static final List<String> USERS = List.of(ADMIN, ORCHESTRATOR, WORKER);

  private static final Pattern PASSWORD = Pattern.compile("password=\"([^\"]*)\"");

  private final Path dir;

  private BrokerCredentials(Path dir) {
    this.dir = dir;
  }

  /** Where the credentials of a broker whose log directory is {@code dataDir} live. */
  public static Path folderOf(Path dataDir) {
    Path absolute = dataDir.toAbsolutePath().normalize();
    // beside the log directory, not in it: Kafka takes every folder there for a partition
    return absolute.resolveSibling(absolute.getFileName() + ".credentials");
  }

  /** The credentials beside {@code dataDir}, drawn now if there are none yet. */
  static BrokerCredentials createOrLoad(Path dataDir) {
    Path dir = folderOf(dataDir);
    if (!Files.isDirectory(dir)) {
      draw(dir);
    }
    return new BrokerCredentials(dir);
  }

  /** Whether the broker on {@code dataDir} was made secure. */
  static boolean exist(Path dataDir) {
    return Files.isDirectory(folderOf(dataDir));
  }

  /** The Kafka client properties file of {@code user}, for NETSHRINK_KAFKA_CLIENT_PROPERTIES. */
  public Path clientProperties(String user) {
    return dir.resolve(user + ".properties");
  }

  /** The client properties of {@code user}, as loaded from its file. */
  public Properties client(String user) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(clientProperties(user), StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the credentials of " + user + " in " + dir, e);
    }
    return props;
  }

  String password(String user) {
    Matcher m = PASSWORD.matcher(client(user).getProperty("sasl.jaas.config", ""));
    if (!m.find()) {
      throw new IllegalStateException("no password in " + clientProperties(user));
    }
    return m.group(1);
  }

  /** The format tool's {@code --add-scram} arguments that register every user. */
  List<String> scramArguments() {
    return USERS.stream()
        .map(u -> MECHANISM + "=[name=" + u + ",password=" + password(u) + "]")
        .toList();
  }

  private static void draw(Path dir) {
    SecureRandom random = new SecureRandom();
    try {
      Files.createDirectories(dir.getParent());
      // made with owner-only permissions (createTempDirectory's), filled, then moved in place
      Path partial = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".partial");
      for (String user : USERS) {
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Path file = partial.resolve(user + ".properties");
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
          out.write(
              "# Kafka client settings of the netshrink user '"
                  + user
                  + "' (written by `netshrink up --secure`)\n"
                  + "security.protocol=SASL_PLAINTEXT\n"
                  + "sasl.mechanism="
                  + MECHANISM
                  + "\n"
                  + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                  + " required username=\""
                  + user
                  + "\" password=\""
                  + password
                  + "\";\n");
        }
      }
      // all files or none: a crash half way leaves only the .partial folder
      Files.move(partial, dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write broker credentials to " + dir, e);
    }
  }
}
