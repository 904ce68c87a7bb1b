package io.darkroom.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.darkroom.contracts.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The canonical JSON form that signatures cover (README, "Canonical form"): object members sorted by key in
 * UTF-16 code-unit order, no whitespace, minimal string escaping, numbers as plain exact decimals, UTF-8.
 * The same tree always gives the same bytes, whatever the member order or spacing of the text it was read from.
 */
public final class CanonicalJson {
    /**
     * Reads strictly (duplicate keys and trailing content are errors, so two parsers cannot see two different
     * manifests in one file) and keeps decimals exact; writes nulls (a manifest states "approvedBy": null).
     */
    private static final ObjectMapper MAPPER = Json.configure(new ObjectMapper(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build()))
            .setSerializationInclusion(JsonInclude.Include.ALWAYS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private CanonicalJson() {}

    /** The mapper provenance reads and binds with (strict, see above). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A value (record, map, list, ...) as a JSON tree, nulls kept. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** Parses JSON text strictly; IllegalArgumentException naming the problem when it is not valid JSON. */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage() + locationOf(e), e);
        }
    }

    /** The canonical bytes of a tree: what is signed. */
    public static byte[] bytes(JsonNode node) {
        return string(node).getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical text of a tree. */
    public static String string(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, -1);
        return out.toString();
    }

    /** The same tokens as {@link #string} with two-space indentation, for files people read; parses to the same tree. */
    public static String pretty(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out, 0);
        return out.append('\n').toString();
    }

    private static void write(JsonNode node, StringBuilder out, int depth) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out, depth);
            case ARRAY -> writeArray(node, out, depth);
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> out.append(number(node));
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default ->
                throw new IllegalArgumentException("no canonical JSON form for a " + node.getNodeType() + " node");
        }
    }

    private static void writeObject(JsonNode node, StringBuilder out, int depth) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        keys.sort(null); // String.compareTo orders by UTF-16 code units, as RFC 8785 asks
        out.append('{');
        for (int i = 0; i < keys.size(); i++) {
            out.append(i == 0 ? "" : ",");
            newline(out, depth, 1);
            writeString(keys.get(i), out);
            out.append(depth >= 0 ? ": " : ":");
            write(node.get(keys.get(i)), out, depth < 0 ? -1 : depth + 1);
        }
        if (!keys.isEmpty()) {
            newline(out, depth, 0);
        }
        out.append('}');
    }

    private static void writeArray(JsonNode node, StringBuilder out, int depth) {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
            out.append(i == 0 ? "" : ",");
            newline(out, depth, 1);
            write(node.get(i), out, depth < 0 ? -1 : depth + 1);
        }
        if (node.size() > 0) {
            newline(out, depth, 0);
        }
        out.append(']');
    }

    /** Pretty mode only (depth >= 0): a line break indented to depth + extra levels. */
    private static void newline(StringBuilder out, int depth, int extra) {
        if (depth >= 0) {
            out.append('\n').append("  ".repeat(depth + extra));
        }
    }

    /** Plain exact decimal: no exponent, no '+', no leading zeros, no trailing fractional zeros, "0" for any zero. */
    static String number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            throw new IllegalArgumentException("no canonical JSON form for " + node.doubleValue());
        }
        BigDecimal value = node.decimalValue();
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isSurrogate(c)) {
                        i = writeSurrogatePair(value, i, out);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A lone surrogate has no UTF-8 form; refusing it keeps "same text, same bytes" true. */
    private static int writeSurrogatePair(String value, int i, StringBuilder out) {
        if (Character.isHighSurrogate(value.charAt(i))
                && i + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(value.charAt(i)).append(value.charAt(i + 1));
            return i + 1;
        }
        throw new IllegalArgumentException("string holds a lone UTF-16 surrogate at index " + i);
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }
}
