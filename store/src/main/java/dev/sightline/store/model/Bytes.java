package dev.sightline.store.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian long access on byte arrays, the byte order OTLP uses for IDs. */
final class Bytes {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    static long readLong(byte[] bytes, int offset) {
        return (long) LONG_BE.get(bytes, offset);
    }

    static void writeLong(byte[] bytes, int offset, long value) {
        LONG_BE.set(bytes, offset, value);
    }
}
