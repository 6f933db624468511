package com.salestech.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;

/**
 * An open-loop HTTP/1.1 load generator on one thread and one selector: request {@code i} is due at
 * {@code start + i / rate}, goes out on an idle keep-alive connection (a new one while fewer than
 * {@code maxConnections} are open, else it waits for one), and its latency counts from when it was
 * due, so a stalled service shows in the tail instead of slowing the generator (no coordinated
 * omission). Kept this small so the generator takes as little as possible of the cores it shares
 * with the service: Java's {@code HttpClient} took about a core for a thousand requests a second.
 * The services' benchmarks (ingest-api, query-service) use it from this module's test jar.
 */
public final class OpenLoopClient {

  /**
   * What one run sent and got back.
   *
   * @param ok answers whose status the client's predicate accepted
   * @param failed other answers, timeouts, closed connections and requests the generator refused
   * @param byStatus how many of each status (or failure)
   * @param latency from each request's due time to its answer, microseconds
   * @param seconds from the first due time until the last answer
   */
  public record Outcome(
      long ok, long failed, Map<String, Long> byStatus, Histogram latency, double seconds) {}

  /**
   * One request.
   *
   * @param method {@code GET}, {@code POST}…
   * @param path the path and query
   * @param body the body, or null for none
   */
  public record Request(String method, String path, byte[] body) {}

  private static final int READ_BUFFER = 64 * 1024;

  private final InetSocketAddress address;
  private final String headers;
  private final int maxConnections;
  private final int maxWaiting;
  private final long timeoutNanos;
  private final IntPredicate ok;

  /**
   * @param port the service's port on loopback
   * @param headers sent with every request ({@code Content-Length} is added for a body)
   * @param maxConnections connections open at most (one request in flight on each)
   * @param maxWaiting due requests waiting for a connection at most; beyond, a due request counts
   *     as failed without being sent (the service is that far behind)
   * @param timeoutNanos how long a request may take before it counts as failed
   * @param ok which statuses count as done
   */
  public OpenLoopClient(
      int port,
      Map<String, String> headers,
      int maxConnections,
      int maxWaiting,
      long timeoutNanos,
      IntPredicate ok) {
    this.address = new InetSocketAddress("127.0.0.1", port);
    StringBuilder h =
        new StringBuilder(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\n");
    headers.forEach((name, value) -> h.append(name).append(": ").append(value).append("\r\n"));
    this.headers = h.toString();
    this.maxConnections = maxConnections;
    this.maxWaiting = maxWaiting;
    this.timeoutNanos = timeoutNanos;
    this.ok = ok;
  }

  private final class Connection {
    final SocketChannel channel;
    ByteBuffer in = ByteBuffer.allocate(READ_BUFFER);
    ByteBuffer out;
    long intended;
    boolean busy;
    boolean connected;

    Connection(SocketChannel channel) {
      this.channel = channel;
    }
  }

  /**
   * Sends {@code total} requests at {@code rate} per second, request {@code i} from {@code
   * requests}.
   */
  public Outcome run(double rate, long total, LongFunction<Request> requests) throws IOException {
    Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    Map<String, Long> byStatus = new HashMap<>();
    long[] okCount = {0};
    long[] failed = {0};
    int[] inFlight = {0};
    ArrayDeque<Connection> idle = new ArrayDeque<>();
    Set<Connection> open = new HashSet<>();
    ArrayDeque<long[]> waiting = new ArrayDeque<>(); // {intended, index}
    double period = 1e9 / rate;
    long start = System.nanoTime();
    long next = 0;
    long lastTimeoutCheck = start;
    try (Selector selector = Selector.open()) {
      while (next < total || !waiting.isEmpty() || inFlight[0] > 0) {
        long now = System.nanoTime();
        // Due requests join the waiting line; refused when it is full.
        while (next < total && start + (long) (next * period) <= now) {
          long intended = start + (long) (next * period);
          if (waiting.size() >= maxWaiting) {
            failed[0]++;
            byStatus.merge("refused by the generator", 1L, Long::sum);
          } else {
            waiting.add(new long[] {intended, next});
          }
          next++;
        }
        // Waiting requests go out on idle connections, or on new ones.
        while (!waiting.isEmpty()) {
          Connection c = idle.poll();
          if (c == null) {
            if (open.size() >= maxConnections) {
              break;
            }
            try {
              c = connect(selector);
            } catch (IOException e) {
              long[] w = waiting.poll();
              failed[0]++;
              byStatus.merge(e.getClass().getSimpleName(), 1L, Long::sum);
              latency.recordValue(Math.max(1, (System.nanoTime() - w[0]) / 1000));
              continue;
            }
            open.add(c);
          }
          long[] w = waiting.poll();
          if (now - w[0] > timeoutNanos) {
            // Waited past the timeout for a connection: failed without being sent.
            failed[0]++;
            byStatus.merge("timeout", 1L, Long::sum);
            latency.recordValue(Math.min(latency.getHighestTrackableValue(), (now - w[0]) / 1000));
            idle.push(c);
            continue;
          }
          try {
            send(c, w[0], bytes(requests.apply(w[1])), selector);
            inFlight[0]++;
          } catch (IOException e) {
            failed[0]++;
            byStatus.merge(e.getClass().getSimpleName(), 1L, Long::sum);
            latency.recordValue(Math.max(1, (System.nanoTime() - w[0]) / 1000));
            close(c);
            open.remove(c);
          }
        }
        if (now - lastTimeoutCheck > TimeUnit.MILLISECONDS.toNanos(100)) {
          lastTimeoutCheck = now;
          for (Iterator<Connection> it = open.iterator(); it.hasNext(); ) {
            Connection c = it.next();
            if (c.busy && now - c.intended > timeoutNanos) {
              inFlight[0]--;
              failed[0]++;
              byStatus.merge("timeout", 1L, Long::sum);
              latency.recordValue(
                  Math.min(latency.getHighestTrackableValue(), (now - c.intended) / 1000));
              close(c);
              idle.remove(c);
              it.remove();
            }
          }
        }
        long wait =
            next < total
                ? Math.max(0, start + (long) (next * period) - System.nanoTime())
                : TimeUnit.MILLISECONDS.toNanos(50);
        if (wait >= 2_000_000) {
          // select's timeout is in whole milliseconds: wake before the due time, not after
          selector.select(TimeUnit.NANOSECONDS.toMillis(wait) - 1);
        } else if (wait > 20_000 && inFlight[0] == 0) {
          // nothing to read meanwhile: park to the due time (a select could be 1 ms late)
          LockSupport.parkNanos(wait);
          selector.selectNow();
        } else {
          selector.selectNow();
          if (wait > 20_000 && selector.selectedKeys().isEmpty()) {
            LockSupport.parkNanos(Math.min(wait, 50_000));
          }
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          Connection c = (Connection) key.attachment();
          try {
            if (key.isValid() && key.isConnectable() && c.channel.finishConnect()) {
              c.connected = true;
              key.interestOps(SelectionKey.OP_WRITE);
            }
            if (key.isValid() && key.isWritable() && c.connected) {
              c.channel.write(c.out);
              if (!c.out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
              }
            }
            if (key.isValid() && key.isReadable() && !c.busy) {
              // An idle connection the server closed (keep-alive timeout): forget it.
              if (c.channel.read(c.in) < 0) {
                close(c);
                open.remove(c);
                idle.remove(c);
              }
              c.in.clear();
              continue;
            }
            if (key.isValid() && key.isReadable()) {
              if (!c.in.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(c.in.capacity() * 2);
                c.in.flip();
                c.in = bigger.put(c.in);
              }
              int read = c.channel.read(c.in);
              Response r = read < 0 ? Response.CLOSED : Response.parse(c.in);
              if (r == Response.INCOMPLETE) {
                continue;
              }
              long done = System.nanoTime();
              if (r == Response.CLOSED) {
                failed[0]++;
                byStatus.merge("connection closed", 1L, Long::sum);
              } else {
                byStatus.merge(Integer.toString(r.status), 1L, Long::sum);
                if (ok.test(r.status)) {
                  okCount[0]++;
                } else {
                  failed[0]++;
                }
              }
              latency.recordValue(Math.max(1, (done - c.intended) / 1000));
              c.busy = false;
              inFlight[0]--;
              if (r == Response.CLOSED || r.close) {
                close(c);
                open.remove(c);
              } else {
                c.in.clear();
                idle.push(c);
              }
            }
          } catch (IOException e) {
            if (c.busy) {
              inFlight[0]--;
              failed[0]++;
              byStatus.merge(e.getClass().getSimpleName(), 1L, Long::sum);
              latency.recordValue(Math.max(1, (System.nanoTime() - c.intended) / 1000));
            }
            close(c);
            open.remove(c);
            idle.remove(c);
          }
        }
      }
      for (Connection c : open) {
        close(c);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Outcome(okCount[0], failed[0], byStatus, latency, seconds);
  }

  private ByteBuffer bytes(Request r) {
    String head =
        r.method()
            + " "
            + r.path()
            + headers
            + (r.body() == null ? "" : "Content-Length: " + r.body().length + "\r\n")
            + "\r\n";
    byte[] start = head.getBytes(StandardCharsets.US_ASCII);
    byte[] body = r.body() == null ? new byte[0] : r.body();
    ByteBuffer request = ByteBuffer.allocate(start.length + body.length);
    request.put(start).put(body).flip();
    return request;
  }

  private Connection connect(Selector selector) throws IOException {
    SocketChannel channel = SocketChannel.open();
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    Connection c = new Connection(channel);
    c.connected = channel.connect(address);
    channel.register(selector, c.connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, c);
    return c;
  }

  private static void send(Connection c, long intended, ByteBuffer request, Selector selector)
      throws IOException {
    c.busy = true;
    c.intended = intended;
    c.out = request;
    c.in.clear();
    if (c.connected) {
      c.channel.write(c.out);
      c.channel
          .keyFor(selector)
          .interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }
  }

  private static void close(Connection c) {
    try {
      c.channel.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** A response read so far: its status and whether the server closes the connection after it. */
  static final class Response {
    static final Response INCOMPLETE = new Response(0, false);
    static final Response CLOSED = new Response(0, true);

    final int status;
    final boolean close;

    private Response(int status, boolean close) {
      this.status = status;
      this.close = close;
    }

    /** Parses the bytes in {@code in} (position = bytes read); complete or {@link #INCOMPLETE}. */
    static Response parse(ByteBuffer in) {
      byte[] a = in.array();
      int n = in.position();
      int headEnd = -1;
      for (int i = 3; i < n; i++) {
        if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
          headEnd = i + 1;
          break;
        }
      }
      if (headEnd < 0) {
        return INCOMPLETE;
      }
      String headText = new String(a, 0, headEnd, StandardCharsets.ISO_8859_1);
      int status = Integer.parseInt(headText.substring(9, 12));
      String lower = headText.toLowerCase(java.util.Locale.ROOT);
      boolean close = lower.contains("\r\nconnection: close");
      int length = headerInt(lower, "\r\ncontent-length:");
      if (length >= 0) {
        return n >= headEnd + length ? new Response(status, close) : INCOMPLETE;
      }
      if (lower.contains("\r\ntransfer-encoding: chunked")) {
        // Complete once the last chunk (size 0) and its empty trailer have arrived.
        return n - headEnd >= 5
                && (n - headEnd == 5 || endsWith(a, n, "\r\n0\r\n\r\n"))
                && endsWith(a, n, "0\r\n\r\n")
            ? new Response(status, close)
            : INCOMPLETE;
      }
      return new Response(status, close); // no body (e.g. 204)
    }

    private static int headerInt(String head, String name) {
      int at = head.indexOf(name);
      if (at < 0) {
        return -1;
      }
      int end = head.indexOf('\r', at + name.length());
      return Integer.parseInt(head.substring(at + name.length(), end).trim());
    }

    private static boolean endsWith(byte[] a, int n, String tail) {
      if (n < tail.length()) {
        return false;
      }
      for (int i = 0; i < tail.length(); i++) {
        if (a[n - tail.length() + i] != tail.charAt(i)) {
          return false;
        }
      }
      return true;
    }
  }
}
