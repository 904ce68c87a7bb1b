package io.darkroom.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * Receives OTLP/HTTP trace exports ({@code http/protobuf}, {@code ExportTraceServiceRequest}) from the services and
 * keeps the spans: service name, trace id, span id, parent span id, name and string attributes. Reads just those
 * fields of the protobuf wire format.
 */
final class OtlpReceiver implements AutoCloseable {
    /** One received span. */
    record Span(
            String service,
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            Map<String, String> attributes) {}

    private final HttpServer server;
    final List<Span> spans = new CopyOnWriteArrayList<>();

    OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", ex -> {
            try (InputStream raw = ex.getRequestBody()) {
                byte[] body = raw.readAllBytes();
                if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                    body = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
                }
                if (ex.getRequestURI().getPath().endsWith("/v1/traces")) {
                    spans.addAll(parseRequest(body));
                }
                ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                ex.sendResponseHeaders(200, -1);
            } catch (RuntimeException e) {
                ex.sendResponseHeaders(400, -1);
            } finally {
                ex.close();
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static List<Span> parseRequest(byte[] request) {
        List<Span> out = new ArrayList<>();
        for (Field resourceSpans : fields(request)) {
            if (resourceSpans.number != 1) {
                continue;
            }
            String service = "?";
            List<byte[]> scopeSpans = new ArrayList<>();
            for (Field f : fields(resourceSpans.bytes)) {
                if (f.number == 1) { // Resource
                    Map<String, String> attrs = attributes(fields(f.bytes), 1);
                    service = attrs.getOrDefault("service.name", "?");
                } else if (f.number == 2) {
                    scopeSpans.add(f.bytes);
                }
            }
            for (byte[] scope : scopeSpans) {
                for (Field f : fields(scope)) {
                    if (f.number == 2) {
                        out.add(span(service, f.bytes));
                    }
                }
            }
        }
        return out;
    }

    private static Span span(String service, byte[] bytes) {
        HexFormat hex = HexFormat.of();
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        List<Field> fields = fields(bytes);
        for (Field f : fields) {
            switch (f.number) {
                case 1 -> traceId = hex.formatHex(f.bytes);
                case 2 -> spanId = hex.formatHex(f.bytes);
                case 4 -> parent = hex.formatHex(f.bytes);
                case 5 -> name = new String(f.bytes, StandardCharsets.UTF_8);
                default -> {}
            }
        }
        return new Span(service, traceId, spanId, parent, name, attributes(fields, 9));
    }

    /** KeyValue fields (string values only) among {@code fields} with the given field number. */
    private static Map<String, String> attributes(List<Field> fields, int number) {
        Map<String, String> attrs = new HashMap<>();
        for (Field f : fields) {
            if (f.number != number || f.bytes == null) {
                continue;
            }
            String key = null;
            String value = null;
            for (Field kv : fields(f.bytes)) {
                if (kv.number == 1) {
                    key = new String(kv.bytes, StandardCharsets.UTF_8);
                } else if (kv.number == 2) {
                    for (Field any : fields(kv.bytes)) {
                        if (any.number == 1 && any.bytes != null) {
                            value = new String(any.bytes, StandardCharsets.UTF_8);
                        }
                    }
                }
            }
            if (key != null && value != null) {
                attrs.put(key, value);
            }
        }
        return attrs;
    }

    /** A protobuf field: its number and, for length-delimited ones, its bytes. */
    private record Field(int number, byte[] bytes) {}

    private static List<Field> fields(byte[] b) {
        List<Field> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < b.length) {
            long tag = varint(b, pos);
            int number = (int) (tag >>> 3);
            int type = (int) (tag & 7);
            switch (type) {
                case 0 -> {
                    varint(b, pos);
                    out.add(new Field(number, null));
                }
                case 1 -> {
                    pos[0] += 8;
                    out.add(new Field(number, null));
                }
                case 2 -> {
                    int len = (int) varint(b, pos);
                    byte[] v = new byte[len];
                    System.arraycopy(b, pos[0], v, 0, len);
                    pos[0] += len;
                    out.add(new Field(number, v));
                }
                case 5 -> {
                    pos[0] += 4;
                    out.add(new Field(number, null));
                }
                default -> throw new IllegalArgumentException("protobuf wire type " + type + " at " + pos[0]);
            }
        }
        return out;
    }

    private static long varint(byte[] b, int[] pos) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b[pos[0]++];
            result |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }
}
