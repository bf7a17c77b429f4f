package dev.netshrink.cli;

/**
 * Takes a host's link down and up again, over and over, until closed: a flaky cable or switch port.
 * The kernel here has no {@code tc netem} (no delay or loss qdisc), so an unreliable link is played
 * by flapping; each outage is shorter than the heartbeat timeout.
 */
final class LinkFlapper implements AutoCloseable {

  private final NetworkHosts hosts;
  private final String host;
  private final Thread thread;
  private volatile boolean stopped;
  private final java.util.concurrent.atomic.AtomicInteger flaps =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile Exception failure;

  LinkFlapper(NetworkHosts hosts, String host, long downMillis, long upMillis) {
    this.hosts = hosts;
    this.host = host;
    thread =
        new Thread(
            () -> {
              try {
                while (!stopped) {
                  hosts.cut(host);
                  Thread.sleep(downMillis);
                  hosts.heal(host);
                  flaps.incrementAndGet();
                  Thread.sleep(upMillis);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                failure = e;
              }
            },
            "flap-" + host);
    thread.setDaemon(true);
    thread.start();
  }

  /** How many times the link went down and came back. */
  int flaps() {
    return flaps.get();
  }

  /** Stops flapping and leaves the link up. */
  @Override
  public void close() throws Exception {
    stopped = true;
    thread.interrupt();
    thread.join();
    hosts.heal(host);
    if (failure != null) {
      throw failure;
    }
  }
}
