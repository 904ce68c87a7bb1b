package io.darkroom.process.web;

/** A page-level refusal: rendered as the error page with this status (never a stack trace). */
public final class WebError extends RuntimeException {
    private final int status;
    private final String title;

    public WebError(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public static WebError notFound(String detail) {
        return new WebError(404, "Not found", detail);
    }

    public static WebError forbidden(String detail) {
        return new WebError(403, "Forbidden", detail);
    }

    public static WebError badRequest(String detail) {
        return new WebError(400, "Bad request", detail);
    }
}
