package dev.sightline.store.internal;

/** Thread helpers the store's background workers share. Not part of the store's API. */
public final class Threads {
    private Threads() {
    }

    /**
     * Waits for {@code thread} to end even if the caller is interrupted meanwhile (a worker that owns a file or a
     * transaction must finish, not be abandoned), then restores the caller's interrupt flag.
     */
    public static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
