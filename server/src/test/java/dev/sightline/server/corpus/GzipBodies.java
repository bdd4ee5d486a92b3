package dev.sightline.server.corpus;

import java.io.ByteArrayOutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Gzip bombs: small bodies that expand to gigabytes. */
final class GzipBodies {
    private static final int MEMBER_BYTES = 16 << 20;

    private GzipBodies() {
    }

    /**
     * A body that gunzips to {@code expandedBytes} of zeros (rounded to 16 MiB): one compressed member of 16 MiB,
     * repeated, since a gzip stream may be several members one after another. 1 GiB takes about 1 MB.
     */
    static byte[] bomb(long expandedBytes) {
        byte[] member = member();
        long members = Math.max(1, expandedBytes / MEMBER_BYTES);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (member.length * members));
        for (long i = 0; i < members; i++) {
            out.writeBytes(member);
        }
        return out.toByteArray();
    }

    private static byte[] member() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < MEMBER_BYTES / zeros.length; i++) {
                gz.write(zeros);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
