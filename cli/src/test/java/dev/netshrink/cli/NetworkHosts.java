package dev.netshrink.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hosts inside this machine: one Linux network namespace per host, each joined to one bridge by a
 * veth pair and given its own address on a private /24 (10.251.N.0, N from this JVM's pid). The
 * bridge has the subnet's .1 in this namespace, so the test reaches every host, and the hosts reach
 * each other, only through these addresses. Cutting a host off takes its veth link down on the
 * bridge's side, as a pulled cable or a dead switch port would.
 *
 * <p>Everything is named after this JVM's pid and the instance ({@code nsk<pid><letter>...}):
 * {@link #close} removes it (and kills what still runs inside), a shutdown hook does so if the JVM
 * leaves without closing, and a later run removes what a killed JVM left behind. Nothing outside
 * these names is touched. Needs root and {@code ip} (iproute2).
 */
final class NetworkHosts implements AutoCloseable {

  private static final Pattern OURS = Pattern.compile("nsk(\\d+)[a-z](-[a-z0-9-]+|b|v\\d+)");
  private static final Pattern NAME = Pattern.compile("\\bnsk\\d+[a-z](-[a-z0-9-]+|b|v\\d+)\\b");
  private static final java.util.concurrent.atomic.AtomicInteger SITES =
      new java.util.concurrent.atomic.AtomicInteger();

  private final long pid = ProcessHandle.current().pid();
  // a letter per instance of this JVM, so that one site's names never meet the last one's
  private final String tag = "nsk" + pid + (char) ('a' + SITES.getAndIncrement() % 26);
  private final String subnet = "10.251." + (pid % 250) + ".";
  private final Map<String, Integer> hosts = new LinkedHashMap<>();
  private final Thread cleanup = new Thread(this::removeAll, "network-hosts-cleanup");

  /** Whether this machine can build namespaces: root, with {@code ip netns}. */
  static boolean available() {
    try {
      return "root".equals(System.getProperty("user.name"))
          && new ProcessBuilder("ip", "netns", "list").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Builds the bridge and one namespace per name, in order (addresses .11, .12, ...). */
  NetworkHosts(List<String> names) throws Exception {
    removeStale();
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      String bridge = tag + "b";
      ip("link", "add", bridge, "type", "bridge");
      ip("addr", "add", subnet + "1/24", "dev", bridge);
      ip("link", "set", bridge, "up");
      for (String name : names) {
        int i = hosts.size();
        hosts.put(name, i);
        String ns = namespace(name);
        ip("netns", "add", ns);
        ip("link", "add", veth(name), "type", "veth", "peer", "name", "eth0", "netns", ns);
        ip("link", "set", veth(name), "master", bridge, "up");
        ip("-n", ns, "addr", "add", address(name) + "/24", "dev", "eth0");
        ip("-n", ns, "link", "set", "eth0", "up");
        ip("-n", ns, "link", "set", "lo", "up");
      }
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  /** The host's own address, which its processes bind and are reached at. */
  String address(String host) {
    return subnet + (11 + index(host));
  }

  /** The address of this machine (the test) on the hosts' network. */
  String testAddress() {
    return subnet + "1";
  }

  /** A command prefix that runs a program on {@code host}. */
  List<String> on(String host) {
    return List.of("ip", "netns", "exec", namespace(host));
  }

  /** The host's link down: nothing goes in or out, its processes run on (a cable pulled). */
  void cut(String host) throws Exception {
    ip("link", "set", veth(host), "down");
  }

  /** The host's link up again. */
  void heal(String host) throws Exception {
    ip("link", "set", veth(host), "up");
  }

  /** The host dies: its link goes down and every process on it is killed with SIGKILL. */
  void kill(String host) throws Exception {
    cut(host);
    killProcessesIn(namespace(host));
  }

  @Override
  public void close() {
    removeAll();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing left to remove
    }
  }

  private void removeAll() {
    for (String host : hosts.keySet()) {
      remove(namespace(host));
    }
    quietly("ip", "link", "del", tag + "b");
  }

  /** Removes what runs of JVMs that no longer exist left behind (a test killed mid-run). */
  private static void removeStale() throws Exception {
    for (String ns : names(output("ip", "netns", "list"))) {
      if (isStale(ns)) {
        remove(ns);
      }
    }
    for (String link : names(output("ip", "-o", "link", "show"))) {
      if (isStale(link)) {
        quietly("ip", "link", "del", link);
      }
    }
  }

  /** The names of ours in {@code ip}'s output. */
  private static List<String> names(String output) {
    List<String> names = new ArrayList<>();
    Matcher m = NAME.matcher(output);
    while (m.find()) {
      names.add(m.group());
    }
    return names;
  }

  private static boolean isStale(String name) {
    Matcher m = OURS.matcher(name);
    return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
  }

  private static void remove(String ns) {
    killProcessesIn(ns);
    quietly("ip", "netns", "del", ns); // its veth end goes with it, and so the bridge's end
  }

  private static void killProcessesIn(String ns) {
    try {
      output("ip", "netns", "pids", ns)
          .lines()
          .map(String::strip)
          .filter(p -> !p.isEmpty())
          .map(p -> ProcessHandle.of(Long.parseLong(p)))
          .flatMap(java.util.Optional::stream)
          .toList()
          .forEach(
              p -> {
                // gone before the namespace is deleted: a namespace (and its veth) lives on while
                // a process is still in it
                p.destroyForcibly();
                try {
                  p.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception stillThere) {
                  // ip netns del still unlinks it; its interfaces go when the process does
                }
              });
    } catch (Exception gone) {
      // no such namespace any more
    }
  }

  private int index(String host) {
    Integer i = hosts.get(host);
    if (i == null) {
      throw new IllegalArgumentException("no host " + host + " among " + hosts.keySet());
    }
    return i;
  }

  private String namespace(String host) {
    index(host);
    return tag + "-" + host;
  }

  private String veth(String host) {
    return tag + "v" + index(host);
  }

  private static void ip(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    output(command.toArray(String[]::new));
  }

  private static String output(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
    }
    return out;
  }

  private static void quietly(String... command) {
    try {
      output(command);
    } catch (Exception ignored) {
      // already gone
    }
  }
}
