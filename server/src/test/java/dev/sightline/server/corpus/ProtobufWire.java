package dev.sightline.server.corpus;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the protobuf wire format to damage a valid message on purpose: where its fields are (so a
 * mutation can hit a tag, a length or a string), and how to write tags, varints and length-delimited fields.
 */
final class ProtobufWire {
    static final int VARINT = 0;
    static final int I64 = 1;
    static final int LEN = 2;
    static final int I32 = 5;

    /**
     * A field of a valid message, at any depth.
     *
     * @param tagStart     offset of its tag
     * @param valueStart   offset after the tag: the value, or for LEN the length varint
     * @param contentStart for LEN, offset of the content; otherwise equal to valueStart
     * @param end          offset after the field
     * @param wireType     the tag's wire type
     * @param message      for LEN, whether the content read as a message (else string or bytes)
     */
    record Field(int tagStart, int valueStart, int contentStart, int end, int wireType, boolean message) {
    }

    private ProtobufWire() {
    }

    /** Every field of {@code message}, nested ones included; LEN content that parses is taken for a message. */
    static List<Field> fields(byte[] message) {
        List<Field> out = new ArrayList<>();
        if (!scan(message, 0, message.length, out, 0)) {
            throw new IllegalArgumentException("not a protobuf message");
        }
        return out;
    }

    private static boolean scan(byte[] b, int from, int to, List<Field> out, int depth) {
        int at = from;
        List<Field> found = new ArrayList<>();
        while (at < to) {
            int tagStart = at;
            long[] tag = readVarint(b, at, to);
            if (tag == null || (tag[0] >>> 3) == 0) {
                return false;
            }
            at = (int) tag[1];
            int wireType = (int) (tag[0] & 7);
            int valueStart = at;
            switch (wireType) {
                case VARINT -> {
                    long[] v = readVarint(b, at, to);
                    if (v == null) {
                        return false;
                    }
                    at = (int) v[1];
                    found.add(new Field(tagStart, valueStart, valueStart, at, wireType, false));
                }
                case I64, I32 -> {
                    at += wireType == I64 ? 8 : 4;
                    if (at > to) {
                        return false;
                    }
                    found.add(new Field(tagStart, valueStart, valueStart, at, wireType, false));
                }
                case LEN -> {
                    long[] len = readVarint(b, at, to);
                    if (len == null || len[0] < 0 || len[1] + len[0] > to) {
                        return false;
                    }
                    int contentStart = (int) len[1];
                    at = contentStart + (int) len[0];
                    List<Field> inner = new ArrayList<>();
                    boolean message = depth < 64 && len[0] > 0 && scan(b, contentStart, at, inner, depth + 1);
                    found.add(new Field(tagStart, valueStart, contentStart, at, wireType, message));
                    if (message) {
                        found.addAll(inner);
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        out.addAll(found);
        return true;
    }

    /** {value, offset after it}, or null when no complete varint of at most 10 bytes starts at {@code at}. */
    private static long[] readVarint(byte[] b, int at, int to) {
        long value = 0;
        for (int shift = 0; shift < 70 && at < to; shift += 7) {
            byte x = b[at++];
            value |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return new long[] {value, at};
            }
        }
        return null;
    }

    static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(10);
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    /** A varint of {@code bytes} bytes (more than the 10 protobuf allows when asked): continuation bits throughout. */
    static byte[] overlongVarint(int bytes) {
        byte[] out = new byte[bytes];
        java.util.Arrays.fill(out, (byte) 0xFF);
        out[bytes - 1] = 0x01;
        return out;
    }

    static byte[] tag(int field, int wireType) {
        return varint(((long) field << 3) | wireType);
    }

    /** A length-delimited field: tag, length, content. */
    static byte[] len(int field, byte[] content) {
        return concat(tag(field, LEN), varint(content.length), content);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** {@code b} with {@code [from, to)} replaced by {@code with}. */
    static byte[] splice(byte[] b, int from, int to, byte[] with) {
        byte[] out = new byte[b.length - (to - from) + with.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(with, 0, out, from, with.length);
        System.arraycopy(b, to, out, from + with.length, b.length - to);
        return out;
    }
}
