package com.salestech.ingest.queue;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * An SQS-compatible server (ElasticMQ, in memory) on a loopback port: the local default queue. It
 * can be stopped and started again on the same port, which is how the tests take the queue down.
 */
public final class EmbeddedSqs implements AutoCloseable {

  private final String host;
  private int port;
  private SQSRestServer server;

  private EmbeddedSqs(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** Starts a server on {@code host:port}; port 0 picks a free one. */
  public static EmbeddedSqs start(String host, int port) {
    EmbeddedSqs sqs = new EmbeddedSqs(host, port);
    sqs.start();
    return sqs;
  }

  /** Starts it again after {@link #stop()}, on the same port; its queues are gone (in memory). */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    var builder = SQSRestServerBuilder.withInterface(host);
    try {
      server = (port == 0 ? builder.withDynamicPort() : builder.withPort(port)).start();
      port = server.waitUntilStarted().localAddress().getPort();
    } catch (RuntimeException e) {
      server = null;
      throw new QueueException("cannot start the embedded SQS server on " + host + ":" + port, e);
    }
  }

  /** Stops the server; idempotent. */
  public synchronized void stop() {
    if (server != null) {
      server.stopAndWait();
      server = null;
    }
  }

  public synchronized boolean running() {
    return server != null;
  }

  public URI endpoint() {
    return URI.create("http://" + host + ":" + port);
  }

  @Override
  public void close() {
    stop();
  }
}
