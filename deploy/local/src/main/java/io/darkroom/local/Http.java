package io.darkroom.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link DarkroomClient}'s HTTP: one request at a time on the calling thread. */
final class Http {
    private Http() {}

    /**
     * One request with {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: on Java 17 the HttpClient's
     * selector thread sits in native code, and the JVM's exit waits 0.3 s for such threads (every CLI command paid it
     * after its last output); HttpURLConnection reads on the calling thread and keeps idle connections without one.
     */
    static Reply send(Request req, Duration connectTimeout) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) req.uri().toURL().openConnection();
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setConnectTimeout((int) connectTimeout.toMillis());
            c.setReadTimeout((int) (req.timeout == null ? 0 : req.timeout.toMillis()));
            c.setRequestMethod(req.method());
            req.headers.forEach(c::setRequestProperty);
            if (req.body != null) {
                c.setDoOutput(true);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(req.body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = "";
            if (in != null) {
                try (InputStream stream = in) {
                    body = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Reply(status, body);
        } catch (IOException e) {
            if (c != null) {
                c.disconnect();
            }
            throw new UncheckedIOException(req.method() + " " + req.uri() + " failed: " + e.getMessage(), e);
        }
    }

    /** A request as {@link #send} sends it: built like {@code HttpRequest}'s builder, GET unless told otherwise. */
    static final class Request {
        private final URI uri;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String method = "GET";
        private String body;
        private Duration timeout;

        Request(URI uri) {
            this.uri = uri;
        }

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Request timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        Request GET() {
            return with("GET", null);
        }

        Request POST(String json) {
            return with("POST", json);
        }

        Request PUT(String json) {
            return with("PUT", json);
        }

        Request DELETE() {
            return with("DELETE", null);
        }

        private Request with(String m, String b) {
            this.method = m;
            this.body = b;
            return this;
        }

        String method() {
            return method;
        }

        URI uri() {
            return uri;
        }
    }

    /** An answer: status and body as text (empty when there was none). */
    record Reply(int statusCode, String body) {}
}
