package dev.sightline.store.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment file. {@link #size} is the readable end: bytes of whole records handed to the OS (for the active
 * segment it grows as the writer flushes). Readers use their own channel, opened lazily, separate from the writer's:
 * an interrupted reader closes a {@code FileChannel} for every user of it, so the reader's channel is reopened when
 * that happens and the writer's is never exposed.
 */
final class Segment {
    final long id;
    final Path path;
    final long createdEpochMillis;
    /** A segment whose header could not be read: its bytes count on disk, nothing in it is readable. */
    final boolean unreadable;

    volatile long size;
    volatile long diskBytes;
    volatile long records;
    volatile long newestEpochMillis;

    /** Only the writer thread touches it, while the segment is active. */
    FileChannel writeChannel;

    private final Object channelLock = new Object();
    private volatile FileChannel readChannel;
    private volatile boolean deleted;

    Segment(long id, Path path, long createdEpochMillis, long size, long diskBytes, long records,
            long newestEpochMillis, boolean unreadable) {
        this.id = id;
        this.path = path;
        this.createdEpochMillis = createdEpochMillis;
        this.size = size;
        this.diskBytes = diskBytes;
        this.records = records;
        this.newestEpochMillis = newestEpochMillis;
        this.unreadable = unreadable;
    }

    /**
     * Positional read, like {@link FileChannel#read(ByteBuffer, long)}; -1 once the segment is deleted. Safe to call
     * from any thread, concurrently with the writer and with {@link #markDeleted()}.
     */
    int read(ByteBuffer dst, long position) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            FileChannel ch = readChannel();
            if (ch == null) {
                return -1;
            }
            try {
                return ch.read(dst, position);
            } catch (ClosedByInterruptException e) {
                // This thread was interrupted and the JDK closed the channel for all readers: let the next one reopen.
                resetReadChannel(ch);
                throw e;
            } catch (ClosedChannelException e) {
                if (deleted) {
                    return -1;
                }
                resetReadChannel(ch);
            }
        }
        throw new ClosedChannelException();
    }

    /** Reads until {@code dst} is full; false if the file ended or the segment was deleted first. */
    boolean readFully(ByteBuffer dst, long position) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = read(dst, pos);
            if (n < 0) {
                return false;
            }
            pos += n;
        }
        return true;
    }

    private FileChannel readChannel() throws IOException {
        FileChannel ch = readChannel;
        if (ch != null && ch.isOpen()) {
            return ch;
        }
        synchronized (channelLock) {
            if (deleted) {
                return null;
            }
            ch = readChannel;
            if (ch == null || !ch.isOpen()) {
                try {
                    ch = FileChannel.open(path, StandardOpenOption.READ);
                } catch (NoSuchFileException e) {
                    return null;
                }
                readChannel = ch;
            }
            return ch;
        }
    }

    private void resetReadChannel(FileChannel closed) {
        synchronized (channelLock) {
            if (readChannel == closed) {
                readChannel = null;
            }
        }
    }

    void markDeleted() {
        synchronized (channelLock) {
            deleted = true;
            closeQuietly(readChannel);
            readChannel = null;
        }
    }

    void closeReadChannel() {
        synchronized (channelLock) {
            closeQuietly(readChannel);
            readChannel = null;
        }
    }

    boolean isDeleted() {
        return deleted;
    }

    static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to do: the channel is gone either way
            }
        }
    }
}
