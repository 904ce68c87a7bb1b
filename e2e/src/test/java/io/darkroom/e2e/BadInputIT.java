package io.darkroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darkroom.contracts.Json;
import io.darkroom.local.DarkroomClient;
import io.darkroom.local.LocalAuth;
import io.darkroom.local.RepoPaths;
import io.darkroom.local.Stack;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13 item 12: the bad-input table ({@code e2e/src/test/resources/bad-input.jsonl}, one request a line with the
 * status and problem code it must get) run against the live stack. Each row is a change to one valid dailies request
 * (or a raw body) sent to ingest's {@code POST /jobs}, or a request to process-service; every answer must be JSON
 * with that status, problem code and field, name no host path and carry no stack trace. An HLS playlist in the table
 * names an http segment on a port this test listens on: nothing may connect to it. The table of answers is written
 * to {@code e2e/target/bad-input.md}.
 */
@ExtendWith(StackExtension.class)
class BadInputIT {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String FORGED =
            "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtYWxsb3J5IiwiZ3JvdXBzIjpbImFkbWluIl19.c2lnbmF0dXJl";

    enum Role {
        ARTIST(LocalAuth.DemoUser.ARTIST),
        SUPERVISOR(LocalAuth.DemoUser.SUPERVISOR),
        OPS(LocalAuth.DemoUser.OPS),
        ADMIN(LocalAuth.DemoUser.ADMIN);

        final LocalAuth.DemoUser user;

        Role(LocalAuth.DemoUser user) {
            this.user = user;
        }
    }

    static Stack stack;
    static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);

    @BeforeAll
    static void setUp(Stack s) throws IOException {
        stack = s;
        for (Role r : Role.values()) {
            TOKENS.put(
                    r,
                    new DarkroomClient(s.ingestUrl(), s.processUrl())
                            .login(r.user.username(), r.user.password())
                            .token());
        }
    }

    /** The valid request every ingest row changes. */
    private static ObjectNode valid() {
        ObjectNode j = Json.mapper().createObjectNode();
        j.put("name", "bad input");
        j.put("priority", 50);
        j.put("pool", "cpu");
        j.putArray("sources").addObject().put("root", "media").put("path", "timecode/gopro_max_h264_tmcd_gpmf.mp4");
        ObjectNode recipe = j.putObject("recipe");
        recipe.putArray("outputs")
                .addObject()
                .put("name", "review")
                .put("preset", "h264-review")
                .put("maxWidth", 640)
                .put("maxHeight", 360);
        j.putObject("destination").put("root", "out").put("path", "bad-input");
        return j;
    }

    @Test
    void everyRowOfTheBadInputTableGetsItsStatusAndProblem() throws Exception {
        Path dir = Files.createDirectories(stack.infra().storageRoot("out").resolve("bad-input"));
        List<JsonNode> rows = new ArrayList<>();
        try (InputStream in = BadInputIT.class.getResourceAsStream("/bad-input.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(Json.mapper().readTree(line));
                }
            }
        }
        assertThat(rows).as("rows in the table").hasSizeGreaterThanOrEqualTo(40);
        List<String> hostPaths = List.of(
                stack.stateDir().toAbsolutePath().toString(),
                stack.infra().storageRoot("media").toAbsolutePath().toString(),
                stack.infra().storageRoot("out").toAbsolutePath().toString(),
                RepoPaths.repoRoot().toAbsolutePath().toString());
        List<String> table = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        try (ServerSocket listener = new ServerSocket(0)) {
            Files.writeString(
                    dir.resolve("remote.m3u8"),
                    "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nhttp://127.0.0.1:" + listener.getLocalPort()
                            + "/segment.ts\n#EXT-X-ENDLIST\n");
            Files.writeString(dir.resolve("outside.ffconcat"), "ffconcat version 1.0\nfile '/etc/hostname'\n");
            Files.writeString(dir.resolve("broken.cube"), "LUT_3D_SIZE 2\nthese are not numbers\n");

            for (JsonNode row : rows) {
                HttpResponse<String> res = send(row);
                String problem = "";
                String field = "";
                String error = "";
                boolean json =
                        res.headers().firstValue("content-type").orElse("").startsWith("application/json");
                if (json) {
                    JsonNode body = Json.mapper().readTree(res.body());
                    problem = body.path("problem").asText("");
                    field = body.path("field").asText("");
                    error = body.path("error").asText("");
                }
                List<String> why = new ArrayList<>();
                if (res.statusCode() != row.path("status").asInt()) {
                    why.add("status " + res.statusCode());
                }
                if (!json) {
                    why.add("not JSON");
                }
                if (!problem.equals(row.path("problem").asText())) {
                    why.add("problem " + problem);
                }
                if (row.has("field") && !field.equals(row.path("field").asText())) {
                    why.add("field " + field);
                }
                if (error.isBlank()) {
                    why.add("no error sentence");
                }
                if (res.body().contains("Exception") || res.body().contains("\tat ")) {
                    why.add("a stack trace");
                }
                hostPaths.stream().filter(res.body()::contains).forEach(p -> why.add("names host path " + p));
                table.add(String.format(
                        Locale.ROOT,
                        "| %s | %s %s | %d %s | %s | %s | %s |",
                        row.path("name").asText(),
                        row.path("method").asText("POST"),
                        row.path("service").asText("ingest") + row.path("path").asText("/jobs"),
                        row.path("status").asInt(),
                        row.path("problem").asText(),
                        row.path("field").asText(""),
                        error.replace("|", "\\|"),
                        why.isEmpty() ? "ok" : "**" + String.join(", ", why) + "**"));
                if (!why.isEmpty()) {
                    wrong.add(row.path("name").asText() + ": " + String.join(", ", why) + " (" + res.body() + ")");
                }
            }
            // nothing followed the playlist to its http segment
            listener.setSoTimeout(1);
            boolean connected;
            try (var ignored = listener.accept()) {
                connected = true;
            } catch (SocketTimeoutException e) {
                connected = false;
            }
            assertThat(connected)
                    .as("a connection to the playlist's http segment")
                    .isFalse();
        }
        Path out = RepoPaths.repoRoot().resolve("e2e/target/bad-input.md");
        Files.writeString(
                out,
                "| request | to | expected | field | error | result |\n|---|---|---|---|---|---|\n"
                        + String.join("\n", table) + "\n");
        assertThat(wrong)
                .as("rows answered otherwise than the table says (all: %s)", out)
                .isEmpty();
    }

    private static HttpResponse<String> send(JsonNode row) throws IOException, InterruptedException {
        boolean process = "process".equals(row.path("service").asText("ingest"));
        String base = process ? stack.processUrl() : stack.ingestUrl();
        String body;
        if (row.has("raw")) {
            body = row.path("raw").asText();
        } else if (process) {
            body = "";
        } else {
            ObjectNode j = valid();
            row.path("set").fields().forEachRemaining(e -> set(j, e.getKey(), expand(e.getValue())));
            row.path("remove").forEach(p -> remove(j, p.asText()));
            body = j.toString();
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create(base + row.path("path").asText("/jobs")))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", row.path("contentType").asText("application/json"))
                .method(row.path("method").asText("POST"), HttpRequest.BodyPublishers.ofString(body));
        String role = row.path("role").asText("artist");
        if (role.equals("forged")) {
            b.header("Authorization", "Bearer " + FORGED);
        } else if (!role.equals("none")) {
            b.header("Authorization", "Bearer " + TOKENS.get(Role.valueOf(role.toUpperCase(Locale.ROOT))));
        }
        row.path("headers")
                .fields()
                .forEachRemaining(h -> b.header(h.getKey(), h.getValue().asText()));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The table's shorthand for values too long to write out: LONG, MANY (1001 sources), SEVENTEEN (outputs). */
    private static JsonNode expand(JsonNode v) {
        if (!v.isTextual()) {
            return v;
        }
        return switch (v.asText()) {
            case "LONG" -> Json.mapper().getNodeFactory().textNode("x".repeat(201));
            case "MANY" -> {
                ArrayNode a = Json.mapper().createArrayNode();
                for (int i = 0; i < 1001; i++) {
                    a.addObject().put("root", "media").put("path", "clip" + i + ".mov");
                }
                yield a;
            }
            case "SEVENTEEN" -> {
                ArrayNode a = Json.mapper().createArrayNode();
                for (int i = 0; i < 17; i++) {
                    a.addObject()
                            .put("name", "o" + i)
                            .put("preset", "h264-review")
                            .put("maxWidth", 640)
                            .put("maxHeight", 360);
                }
                yield a;
            }
            default -> v;
        };
    }

    /** Sets a JSON-pointer path, creating objects on the way; an array index one past the end appends. */
    private static void set(ObjectNode root, String pointer, JsonNode value) {
        String[] parts = pointer.substring(1).split("/");
        JsonNode at = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = at.isArray() ? at.get(Integer.parseInt(parts[i])) : at.get(parts[i]);
            if (next == null) {
                next = ((ObjectNode) at).putObject(parts[i]);
            }
            at = next;
        }
        String last = parts[parts.length - 1];
        if (at.isArray()) {
            ArrayNode a = (ArrayNode) at;
            int i = Integer.parseInt(last);
            if (i < a.size()) {
                a.set(i, value);
            } else {
                a.add(value);
            }
        } else {
            ((ObjectNode) at).set(last, value);
        }
    }

    private static void remove(ObjectNode root, String pointer) {
        String[] parts = pointer.substring(1).split("/");
        JsonNode at = root;
        for (int i = 0; i < parts.length - 1; i++) {
            at = at.get(parts[i]);
        }
        ((ObjectNode) at).remove(parts[parts.length - 1]);
    }
}
