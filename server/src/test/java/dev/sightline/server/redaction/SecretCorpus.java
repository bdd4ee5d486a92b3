package dev.sightline.server.redaction;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The secrets of {@code redaction/secrets-corpus.txt}; its header describes the format. */
record SecretCorpus(List<Entry> entries) {

    /**
     * One secret as an application sends it.
     *
     * @param key    attribute key, or null when the value must give itself away under an innocent key
     * @param value  what is sent
     * @param needle the secret part that must be found nowhere
     */
    record Entry(String key, String value, String needle) {
        boolean underSensitiveKey() {
            return key != null;
        }

        /** The key to send it under: its own, or an innocent one numbered by its line. */
        String keyOr(int index) {
            return key != null ? key : "note_" + index;
        }

        /** As it would be written into a log line: {@code key=value}, or the value alone. */
        String inText() {
            return key != null ? key + "=" + value : value;
        }
    }

    static SecretCorpus load() {
        try (InputStream in = SecretCorpus.class.getResourceAsStream("/redaction/secrets-corpus.txt")) {
            if (in == null) {
                throw new IllegalStateException("redaction/secrets-corpus.txt is not on the test class path");
            }
            List<Entry> entries = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" \\| ", -1);
                String key = parts[0].trim();
                String value = parts[1].trim().replace("\\n", "\n");
                String needle = parts.length > 2 ? parts[2].trim() : value;
                entries.add(new Entry(key.equals("-") ? null : key, value, needle));
            }
            return new SecretCorpus(List.copyOf(entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every form in which a needle could appear in what Sightline writes: as is, HTML-escaped, and without base64
     * padding (which a URL would encode).
     */
    List<String> needles() {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            out.add(e.needle());
            String html = e.needle().replace("&", "&amp;").replace("\"", "&quot;").replace("'", "&#39;")
                    .replace("<", "&lt;").replace(">", "&gt;");
            if (!html.equals(e.needle())) {
                out.add(html);
            }
            String unpadded = e.needle().replaceAll("=+$", "");
            if (!unpadded.equals(e.needle())) {
                out.add(unpadded);
            }
        }
        return out;
    }

    /** The needles that are found in {@code text}: what a failing assertion names. */
    List<String> foundIn(String text) {
        return needles().stream().filter(text::contains).toList();
    }
}
