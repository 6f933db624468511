package com.salestech.etl.gold;

import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.io.api.Binary;

/**
 * Short UTF-8 strings (customer names) packed into 1 MiB chunks, addressed by an int: ten million
 * names cost their bytes plus two, instead of ten million String objects.
 */
final class ByteStore {

  private static final int CHUNK_BITS = 20;
  private static final int CHUNK = 1 << CHUNK_BITS;
  private static final int MAX_LENGTH = 0xFFFF;

  private final List<byte[]> chunks = new ArrayList<>();
  private byte[] current;
  private int used = CHUNK;

  /** Stores UTF-8 bytes (cut at 65,535) and returns their address. */
  int add(byte[] bytes, int offset, int length) {
    length = Math.min(length, MAX_LENGTH);
    if (used + 2 + length > CHUNK) {
      current = new byte[CHUNK];
      chunks.add(current);
      used = 0;
    }
    int address = ((chunks.size() - 1) << CHUNK_BITS) | used;
    current[used] = (byte) (length >>> 8);
    current[used + 1] = (byte) length;
    System.arraycopy(bytes, offset, current, used + 2, length);
    used += 2 + length;
    if ((chunks.size() - 1) >= (1 << (31 - CHUNK_BITS))) {
      throw new IllegalStateException("more than 2 GiB of names");
    }
    return address;
  }

  /** The {@link RowHash} of a stored string, over its bytes in the store. */
  long hash(int address) {
    byte[] chunk = chunks.get(address >>> CHUNK_BITS);
    int offset = address & (CHUNK - 1);
    int length = ((chunk[offset] & 0xFF) << 8) | (chunk[offset + 1] & 0xFF);
    return RowHash.ofBytes(chunk, offset + 2, length);
  }

  /** A stored string as a binary over its bytes in the store (no copy). */
  Binary binary(int address) {
    byte[] chunk = chunks.get(address >>> CHUNK_BITS);
    int offset = address & (CHUNK - 1);
    int length = ((chunk[offset] & 0xFF) << 8) | (chunk[offset + 1] & 0xFF);
    return Binary.fromConstantByteArray(chunk, offset + 2, length);
  }
}
