package dev.sightline.collector.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Gunzips a request body, refusing to produce more than a limit: a gzip bomb costs us the limit, no more. */
final class BoundedGunzip {

    /** The decompressed body would exceed the limit. */
    static final class TooLargeException extends Exception {
        TooLargeException() {
            super(null, null, false, false);
        }
    }

    private BoundedGunzip() {
    }

    /**
     * @throws TooLargeException when the output would exceed {@code limit} bytes
     * @throws IOException       when the input is not valid gzip
     */
    static byte[] gunzip(byte[] compressed, int limit) throws IOException, TooLargeException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, Math.max(1024, compressed.length * 4)));
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) != -1) {
                if (out.size() + n > limit) {
                    throw new TooLargeException();
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        }
    }
}
