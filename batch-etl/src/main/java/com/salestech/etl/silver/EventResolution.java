package com.salestech.etl.silver;

import com.salestech.etl.keys.KeySet;
import com.salestech.model.SaleEvent;
import java.util.Arrays;

/**
 * Decides, before any row is written, what becomes of each valid event line of a run (DATA-CONTRACT
 * §2): copies of one {@code eventId} collapse to the copy received first, a copy whose content
 * differs from it is a conflict, and of the events left for one {@code saleId} the one received
 * last wins. "Received first" orders by {@code receivedAt}, then object key, then line number.
 *
 * <p>It keeps about 60 bytes per valid line of the run (ids, a content fingerprint, the receipt
 * order and the sort's indices), never the events themselves; the lines are read again to write the
 * winners. A run reads only the objects landed since the last one, so this is a day's events, not
 * the history (a full refresh holds them all: about 0.6 GB per 10 million lines). Objects are added
 * in key order, each one's lines in line order.
 */
final class EventResolution {

  static final byte WIN = 1;
  static final byte DUPLICATE = 2;
  static final byte CONFLICT = 3;
  static final byte LOST = 4;

  private long[] eventHi = new long[1024];
  private long[] eventLo = new long[1024];
  private long[] fingerprint = new long[1024];
  private long[] sale = new long[1024];
  private long[] micros = new long[1024];
  private int[] object = new int[1024];
  private long[] line = new long[1024];
  private byte[] verdict;
  private int size;
  private int[] objectStart = new int[16];
  private int objects;
  private final KeySet winners = new KeySet();
  private boolean resolved;

  /** Starts the lines of the next object; returns its index. */
  int startObject() {
    if (objects + 1 >= objectStart.length) {
      objectStart = Arrays.copyOf(objectStart, objectStart.length * 2);
    }
    objectStart[objects] = size;
    objectStart[objects + 1] = size;
    return objects++;
  }

  /** Forgets the lines of the object being read: it was refused as a whole. */
  void dropObject(int index) {
    size = objectStart[index];
    objectStart[index + 1] = size;
  }

  void endObject(int index) {
    objectStart[index + 1] = size;
  }

  void add(int objectIndex, long lineNumber, SaleEvent event, long receivedMicros, long print) {
    if (size == eventHi.length) {
      int n = size * 2;
      eventHi = Arrays.copyOf(eventHi, n);
      eventLo = Arrays.copyOf(eventLo, n);
      fingerprint = Arrays.copyOf(fingerprint, n);
      sale = Arrays.copyOf(sale, n);
      micros = Arrays.copyOf(micros, n);
      object = Arrays.copyOf(object, n);
      line = Arrays.copyOf(line, n);
    }
    eventHi[size] = event.eventId().getMostSignificantBits();
    eventLo[size] = event.eventId().getLeastSignificantBits();
    fingerprint[size] = print;
    sale[size] = event.saleId();
    micros[size] = receivedMicros;
    object[size] = objectIndex;
    line[size] = lineNumber;
    size++;
  }

  /** Gives every line its verdict; the lines added so far are all there are. */
  void resolve() {
    verdict = new byte[size];
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    IntSort.sort(order, size, this::byEventThenReceipt);
    int firsts = 0;
    for (int i = 0; i < size; ) {
      int first = order[i];
      int j = i + 1;
      while (j < size && sameEvent(order[j], first)) {
        verdict[order[j]] = fingerprint[order[j]] == fingerprint[first] ? DUPLICATE : CONFLICT;
        j++;
      }
      order[firsts++] = first;
      i = j;
    }
    IntSort.sort(order, firsts, this::bySaleThenReceipt);
    for (int i = 0; i < firsts; i++) {
      boolean last = i + 1 == firsts || sale[order[i + 1]] != sale[order[i]];
      verdict[order[i]] = last ? WIN : LOST;
      if (last) {
        winners.add(sale[order[i]]);
      }
    }
    resolved = true;
  }

  /** Sale ids with a winning event in this run. */
  KeySet winners() {
    return winners;
  }

  int lines() {
    return size;
  }

  /** A cursor over one object's verdicts, for lines asked in increasing order. */
  Cursor cursor(int objectIndex) {
    if (!resolved) {
      throw new IllegalStateException("events are not resolved yet");
    }
    return new Cursor(objectStart[objectIndex], objectStart[objectIndex + 1]);
  }

  final class Cursor {
    private int next;
    private final int end;

    private Cursor(int from, int end) {
      this.next = from;
      this.end = end;
    }

    /** The verdict of a valid line, or 0 when the line was not valid. */
    byte verdict(long lineNumber) {
      while (next < end && line[next] < lineNumber) {
        next++;
      }
      return next < end && line[next] == lineNumber ? verdict[next] : 0;
    }
  }

  private boolean sameEvent(int a, int b) {
    return eventHi[a] == eventHi[b] && eventLo[a] == eventLo[b];
  }

  private int byEventThenReceipt(int a, int b) {
    int c = Long.compare(eventHi[a], eventHi[b]);
    if (c == 0) {
      c = Long.compare(eventLo[a], eventLo[b]);
    }
    return c != 0 ? c : byReceipt(a, b);
  }

  private int bySaleThenReceipt(int a, int b) {
    int c = Long.compare(sale[a], sale[b]);
    return c != 0 ? c : byReceipt(a, b);
  }

  /** Objects are added in key order, so their index orders them like their keys. */
  private int byReceipt(int a, int b) {
    int c = Long.compare(micros[a], micros[b]);
    if (c == 0) {
      c = Integer.compare(object[a], object[b]);
    }
    return c != 0 ? c : Long.compare(line[a], line[b]);
  }
}
