package io.darkroom.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.darkroom.contracts.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The hash an Idempotency-Key stands for: the request's content, not its spelling. */
class RequestHashTest {
    private static final String JOB_ID = "6f1c1f6e-3d7a-3c2b-9d61-4f4b7f0e2a11";

    private static final String REQUEST =
            """
            {"name": "day01-dailies", "priority": 60, "pool": "cpu",
             "sources": [{"root": "media", "path": "A001/A001_C001.mov"}, {"root": "media", "path": "A001/A001_C002.mov"}],
             "recipe": {"show": "Nightfall", "segmentFrames": 300,
                        "outputs": [{"name": "review", "preset": "h264-review", "maxWidth": 1280, "maxHeight": 720}],
                        "ops": [{"op": "burnIn", "text": "{tc}", "position": "bottom-left"},
                                {"op": "cdl", "slope": [1.05, 1.0, 0.95], "offset": [0.01, 0, -0.01],
                                 "power": [1, 1, 1], "saturation": 0.9}]},
             "destination": {"root": "out", "path": "day01"}}
            """;

    private static String hash(String json) {
        return RequestHash.of(Json.read(json, JobRequest.class).withDefaults(JOB_ID));
    }

    private static String hashChanged(Consumer<ObjectNode> change) throws Exception {
        ObjectNode tree = (ObjectNode) Json.mapper().readTree(REQUEST);
        change.accept(tree);
        return hash(tree.toString());
    }

    @Test
    void theHashIsSha256InHex() {
        assertThat(hash(REQUEST)).matches("[0-9a-f]{64}");
    }

    @Test
    void keyOrderWhitespaceAndNumberSpellingDoNotChangeIt() {
        // the same request written another way: keys in another order (at every level), other whitespace, 1.0 for 1 and
        // 0.90 for 0.9
        String reordered = "{\"recipe\":{\"ops\":[{\"position\":\"bottom-left\",\"text\":\"{tc}\",\"op\":\"burnIn\"},"
                + "{\"saturation\":0.90,\"power\":[1.0,1,1],\"offset\":[0.01,0.0,-0.01],\"slope\":[1.05,1,0.95],"
                + "\"op\":\"cdl\"}],\n\t\"outputs\":[{\"maxHeight\":720,\"maxWidth\":1280,\"preset\":\"h264-review\","
                + "\"name\":\"review\"}],\"segmentFrames\":300,\"show\":\"Nightfall\"},"
                + "   \"destination\":{\"path\":\"day01\",\"root\":\"out\"},\"pool\":\"cpu\",\"priority\":60,"
                + "\"sources\":[{\"path\":\"A001/A001_C001.mov\",\"root\":\"media\"},"
                + "{\"path\":\"A001/A001_C002.mov\",\"root\":\"media\"}],\"name\":\"day01-dailies\"}";

        assertThat(hash(reordered)).isEqualTo(hash(REQUEST));
    }

    @Test
    void defaultsSpelledOutOrLeftOutAreTheSameRequest() {
        String minimal =
                """
                {"sources": [{"root": "media", "path": "A001/A001_C001.mov"}],
                 "recipe": {"outputs": [{"name": "master", "preset": "ffv1-master"}]}}
                """;
        String spelledOut =
                """
                {"name": "%s", "priority": 50, "pool": "cpu", "submittedBy": null,
                 "sources": [{"root": "media", "path": "A001/A001_C001.mov"}],
                 "recipe": {"outputs": [{"name": "master", "preset": "ffv1-master", "ops": null}], "show": null},
                 "destination": {"root": "out", "path": "%s"}}
                """
                        .formatted(JOB_ID, JOB_ID);

        assertThat(hash(spelledOut)).isEqualTo(hash(minimal));
    }

    /** Who submits is not part of the body (it is the token, and the key is scoped to it already). */
    @Test
    void theSubmitterIsNotPartOfIt() throws Exception {
        assertThat(hashChanged(t -> t.put("submittedBy", "someone"))).isEqualTo(hash(REQUEST));
    }

    @Test
    void anyChangedFieldChangesIt() throws Exception {
        List<Consumer<ObjectNode>> changes = List.of(
                t -> t.put("name", "day01-dailies "),
                t -> t.put("priority", 61),
                t -> t.put("pool", "gpu"),
                t -> ((ObjectNode) t.path("sources").get(1)).put("path", "A001/A001_C003.mov"),
                t -> ((ObjectNode) t.path("sources").get(1)).put("root", "archive"),
                t -> t.withArray("sources").add(t.path("sources").get(0).deepCopy()),
                t -> t.withArray("sources").remove(1),
                t -> t.withArray("sources").insert(0, t.withArray("sources").remove(1)),
                t -> ((ObjectNode) t.path("recipe").path("outputs").get(0)).put("preset", "prores-proxy"),
                t -> ((ObjectNode) t.path("recipe").path("outputs").get(0)).put("maxWidth", 1920),
                t -> ((ObjectNode) t.path("recipe").path("outputs").get(0)).put("crf", 20),
                t -> ((ObjectNode) t.path("recipe")).put("segmentFrames", 301),
                t -> ((ObjectNode) t.path("recipe")).put("show", "Daybreak"),
                t -> ((ObjectNode) t.path("recipe").path("ops").get(0)).put("position", "top-left"),
                t -> ((ObjectNode) t.path("recipe").path("ops").get(1)).put("saturation", 0.91),
                t -> t.withArray("/recipe/ops").remove(0),
                t -> ((ObjectNode) t.path("destination")).put("path", "day02"),
                t -> ((ObjectNode) t.path("destination")).put("root", "deliveries"));

        Set<String> hashes = new HashSet<>();
        hashes.add(hash(REQUEST));
        for (Consumer<ObjectNode> change : changes) {
            hashes.add(hashChanged(change));
        }
        // every change gives a hash of its own: none equals the original's, nor another change's
        assertThat(hashes).hasSize(changes.size() + 1);
    }
}
