package dev.sightline.alerting.notify;

/** A webhook's host is, or resolves to, an address webhooks may not reach; retrying will not help. */
final class RefusedTargetException extends Exception {
    RefusedTargetException(String reason) {
        super(reason, null, false, false);
    }
}
