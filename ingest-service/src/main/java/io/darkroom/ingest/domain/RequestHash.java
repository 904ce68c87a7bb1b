package io.darkroom.ingest.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darkroom.contracts.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an Idempotency-Key stands for: the SHA-256 of the request as ingest accepted it, in a canonical form, so a
 * repeat of the same request (whatever its whitespace, key order or spelled-out defaults) hashes the same and any other
 * request under the same key does not.
 *
 * <p>The request hashed is the one with its defaults filled ({@link JobRequest#withDefaults}): name, priority, pool,
 * sources, recipe and destination as ingest parsed them (numbers and names as typed values, a null the same as an
 * absent field). Not hashed: who submits (the key is already scoped to the caller) and what the probe finds (a repeat
 * of the same request while a file changed is the same request).
 */
public final class RequestHash {
    private RequestHash() {}

    /** The hash, 64 lower-case hex digits, of a request with its defaults filled. */
    public static String of(JobRequest withDefaults) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("name", tree(withDefaults.name()));
        body.set("priority", tree(withDefaults.priority()));
        body.set("pool", tree(withDefaults.pool()));
        body.set("sources", tree(withDefaults.sources()));
        body.set("recipe", tree(withDefaults.recipe()));
        body.set("destination", tree(withDefaults.destination()));
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(canonical(body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The canonical text: compact JSON, every object's fields sorted by name, nulls left out (Darkroom's mapping), so
     * neither the client's formatting nor the order Jackson happens to write a record's fields in changes it.
     */
    static String canonical(JsonNode node) {
        try {
            return PLAIN.writeValueAsString(sorted(node));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request cannot be written as JSON", e);
        }
    }

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private static JsonNode tree(Object value) {
        return Json.mapper().valueToTree(value);
    }

    private static JsonNode sorted(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode value = sorted(f.getValue());
                if (value != null) {
                    fields.put(f.getKey(), value);
                }
            }
            ObjectNode out = PLAIN.createObjectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = PLAIN.createArrayNode();
            node.forEach(e -> out.add(e == null || e.isNull() ? PLAIN.nullNode() : sorted(e)));
            return out;
        }
        return node;
    }
}
