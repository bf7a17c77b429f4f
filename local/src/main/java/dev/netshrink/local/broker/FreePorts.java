package dev.netshrink.local.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Asks the OS for an unused loopback port; the broker binds it a moment later. */
final class FreePorts {

  private FreePorts() {}

  static int pick() {
    // The controller port must be known before start (it is part of the voter set), so
    // "bind to 0 and ask afterwards" does not work; the race with other processes is tiny.
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
