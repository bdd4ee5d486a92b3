package dev.sightline.store.model;

import java.util.HexFormat;

/** An 8-byte span ID. The all-zero ID is invalid and cannot be constructed; "no parent" is {@code null}. */
public record SpanId(long value) {

    public SpanId {
        if (value == 0) {
            throw new IllegalArgumentException("span ID must not be all zeros");
        }
    }

    public static SpanId fromHex(String hex) {
        if (hex == null || hex.length() != 16) {
            throw new IllegalArgumentException("span ID must be 16 hex characters, got "
                    + (hex == null ? "null" : hex.length() + " characters"));
        }
        return new SpanId(HexFormat.fromHexDigitsToLong(hex));
    }

    public static SpanId fromBytes(byte[] bytes) {
        if (bytes.length != 8) {
            throw new IllegalArgumentException("span ID must be 8 bytes, got " + bytes.length);
        }
        return new SpanId(Bytes.readLong(bytes, 0));
    }

    public byte[] toBytes() {
        byte[] out = new byte[8];
        Bytes.writeLong(out, 0, value);
        return out;
    }

    public String toHex() {
        return HexFormat.of().toHexDigits(value);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
