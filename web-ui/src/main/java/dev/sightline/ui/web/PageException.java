package dev.sightline.ui.web;

/** A page that cannot be shown: a bad parameter (400) or nothing of that name (404), said in the page's words. */
public class PageException extends RuntimeException {
    private final int status;

    public PageException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static PageException badParameter(String name, String reason) {
        return new PageException(400, "Bad " + name + ": " + reason);
    }

    public static PageException notFound(String message) {
        return new PageException(404, message);
    }

    public int status() {
        return status;
    }
}
