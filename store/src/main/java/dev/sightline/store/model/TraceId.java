package dev.sightline.store.model;

import java.util.HexFormat;

/**
 * A 16-byte W3C trace ID held as two longs, so it can be a map key without copying byte arrays.
 * The all-zero ID is invalid per the W3C and OTLP specifications and cannot be constructed.
 */
public record TraceId(long high, long low) implements Comparable<TraceId> {

    public TraceId {
        if (high == 0 && low == 0) {
            throw new IllegalArgumentException("trace ID must not be all zeros");
        }
    }

    /** Parses 32 hex characters (either case). */
    public static TraceId fromHex(String hex) {
        if (hex == null || hex.length() != 32) {
            throw new IllegalArgumentException("trace ID must be 32 hex characters, got "
                    + (hex == null ? "null" : hex.length() + " characters"));
        }
        return new TraceId(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
    }

    /** Reads 16 big-endian bytes; the caller has checked the length. */
    public static TraceId fromBytes(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("trace ID must be 16 bytes, got " + bytes.length);
        }
        return new TraceId(Bytes.readLong(bytes, 0), Bytes.readLong(bytes, 8));
    }

    public byte[] toBytes() {
        byte[] out = new byte[16];
        Bytes.writeLong(out, 0, high);
        Bytes.writeLong(out, 8, low);
        return out;
    }

    public String toHex() {
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(high) + hex.toHexDigits(low);
    }

    @Override
    public int compareTo(TraceId other) {
        int c = Long.compareUnsigned(high, other.high);
        return c != 0 ? c : Long.compareUnsigned(low, other.low);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
