package dev.sightline.server.redaction;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Searches files' raw bytes for strings in UTF-8 and UTF-16, in one pass per file indexed by each needle's first
 * two bytes: the data directory holds sparse Chronicle Map files of about 100 MB.
 */
final class ByteNeedles {

    private record Needle(String text, byte[] bytes) {
    }

    private final List<Needle>[] byPrefix;

    @SuppressWarnings("unchecked")
    ByteNeedles(List<String> needles) {
        byPrefix = new List[1 << 16];
        for (String text : needles) {
            for (Charset charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE,
                    StandardCharsets.UTF_16BE)) {
                byte[] bytes = text.getBytes(charset);
                int prefix = (bytes[0] & 0xFF) << 8 | bytes[1] & 0xFF;
                if (byPrefix[prefix] == null) {
                    byPrefix[prefix] = new ArrayList<>();
                }
                byPrefix[prefix].add(new Needle(text, bytes));
            }
        }
    }

    /** "file: needle" for every needle found in a regular file under {@code dir}. */
    List<String> findUnder(Path dir) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                for (String needle : findIn(file)) {
                    found.add(dir.relativize(file) + ": " + needle);
                }
            }
        }
        return found;
    }

    Set<String> findIn(Path file) throws IOException {
        Set<String> found = new LinkedHashSet<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            // Windows of 256 MiB overlapping by 1 KiB, longer than any needle.
            for (long base = 0; base < size; base += (256L << 20) - 1024) {
                long length = Math.min(size - base, 256L << 20);
                MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, base, length);
                scan(map, (int) length, found);
                if (base + length >= size) {
                    break;
                }
            }
        }
        return found;
    }

    private void scan(MappedByteBuffer map, int length, Set<String> found) {
        for (int i = 0; i + 1 < length; i++) {
            List<Needle> candidates = byPrefix[(map.get(i) & 0xFF) << 8 | map.get(i + 1) & 0xFF];
            if (candidates == null) {
                continue;
            }
            for (Needle n : candidates) {
                if (i + n.bytes.length <= length && matches(map, i, n.bytes)) {
                    found.add(n.text);
                }
            }
        }
    }

    private static boolean matches(MappedByteBuffer map, int at, byte[] bytes) {
        for (int k = 2; k < bytes.length; k++) {
            if (map.get(at + k) != bytes[k]) {
                return false;
            }
        }
        return true;
    }
}
