package dev.netshrink.workers.runtime;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A worker's {@code /metrics} in Prometheus text format, on the JDK's own HTTP server: a worker
 * needs nothing more, and its URL travels in every heartbeat so it can be discovered.
 */
final class MetricsEndpoint implements AutoCloseable {

  private final HttpServer server;
  private final String host;

  MetricsEndpoint(String host, int port, PrometheusMeterRegistry registry) throws IOException {
    this.host = host;
    this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange
              .getResponseHeaders()
              .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  String url() {
    // an IPv6 literal goes in brackets, as a URL's authority needs
    String authority = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "http://" + authority + ":" + server.getAddress().getPort() + "/metrics";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
