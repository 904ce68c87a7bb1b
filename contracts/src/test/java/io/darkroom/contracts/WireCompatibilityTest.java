package io.darkroom.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.contracts.ops.Op;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Recorded messages of every schema version a reader accepts (current and previous), from
 * {@code src/test/resources/wire/<Type>/v<N>.json}: each still reads, fields the older version lacks read as null,
 * and the current version round-trips. Bumping a SCHEMA without recording a message of it fails here.
 */
class WireCompatibilityTest {

    private static String recorded(String type, int version) {
        String name = "/wire/" + type + "/v" + version + ".json";
        try (InputStream in = WireCompatibilityTest.class.getResourceAsStream(name)) {
            assertThat(in).as("recorded message %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyReadableJobSubmittedVersionStillReads() {
        JobSubmitted previous = Json.read(recorded("JobSubmitted", JobSubmitted.SCHEMA - 1), JobSubmitted.class);
        assertThat(Wire.readable(previous.schema(), JobSubmitted.SCHEMA)).isTrue();
        assertThat(previous.jobDate()).isEqualTo(LocalDate.of(2026, 3, 15));
        assertThat(previous.submitter().name()).isEqualTo(previous.submittedBy());
        assertThat(previous.recipe().approvalRequired()).isTrue();
        assertThat(previous.recipe().outputs().get(0).reference().minSsim()).isEqualTo(0.9);
        assertThat(previous.recipe().outputs().get(0).ops()).containsExactly(Op.Upscale.of("esrgan-slim-x2", 2));
        // fields version 3 added read as their defaults: the file's pixel aspect, VBI crop auto, square outputs
        assertThat(previous.recipe().desqueeze()).isNull();
        assertThat(previous.recipe().vbiCrop()).isNull();
        assertThat(previous.recipe().outputs().get(0).keepsAnamorphic()).isFalse();
        assertThat(previous.sources().get(0).media().mirrored()).isFalse();

        String json = recorded("JobSubmitted", JobSubmitted.SCHEMA);
        JobSubmitted current = Json.read(json, JobSubmitted.class);
        assertThat(current.schema()).isEqualTo(JobSubmitted.SCHEMA);
        assertThat(current.recipe().desqueeze()).isEqualTo(1.8);
        assertThat(current.recipe().vbiCrop()).isEqualTo(Recipe.VBI_AUTO);
        assertThat(current.recipe().outputs().get(1).keepsAnamorphic()).isTrue();
        assertThat(current.sources().get(0).media().mirrored()).isTrue();
        assertThat(current.sources().get(0).media().sampleAspectRatio()).isEqualTo("152:135");
        assertThat(Json.read(Json.write(current), JobSubmitted.class)).isEqualTo(current);
    }

    /**
     * Issue 12's damaged-source fields (recipe {@code damagedSource}, media {@code damage}) are optional within
     * schema 3 rather than a 4: a schema-3 message without them reads as "salvage" and "intact", one with them
     * round-trips, and a reader from before them (unknown properties are ignored) still reads such a message.
     */
    @Test
    void damagedSourceFieldsAreOptionalWithinSchema3() throws Exception {
        JobSubmitted without = Json.read(recorded("JobSubmitted", 3), JobSubmitted.class);
        assertThat(without.recipe().damagedSource()).isNull();
        assertThat(without.recipe().failsDamagedSources()).isFalse();
        assertThat(without.sources().get(0).media().damage()).isNull();
        assertThat(without.sources().get(0).media().damaged()).isFalse();

        var tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(recorded("JobSubmitted", 3));
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("recipe"))
                .put("damagedSource", Recipe.DAMAGED_FAIL);
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        tree.path("sources").get(0).path("media"))
                .putArray("damage")
                .add("source truncated after frame 33");
        JobSubmitted with = Json.read(tree.toString(), JobSubmitted.class);
        assertThat(with.schema()).isEqualTo(JobSubmitted.SCHEMA);
        assertThat(with.recipe().failsDamagedSources()).isTrue();
        assertThat(with.sources().get(0).media().damage()).containsExactly("source truncated after frame 33");
        assertThat(Json.read(Json.write(with), JobSubmitted.class)).isEqualTo(with);

        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.path("recipe")).put("aFieldFromLater", "x");
        assertThat(Json.read(tree.toString(), JobSubmitted.class).recipe()).isEqualTo(with.recipe());
    }

    /** Issue 12's broadcast fields of a source (captions, OP-Atom) are optional within schema 3 too. */
    @Test
    void broadcastFieldsAreOptionalWithinSchema3() throws Exception {
        MediaInfo without = Json.read(recorded("JobSubmitted", 3), JobSubmitted.class)
                .sources()
                .get(0)
                .media();
        assertThat(without.closedCaptions()).isNull();
        assertThat(without.opAtom()).isFalse();

        var tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(recorded("JobSubmitted", 3));
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        tree.path("sources").get(0).path("media"))
                .put("closedCaptions", MediaInfo.CAPTIONS_EMBEDDED)
                .put("opAtom", true);
        JobSubmitted with = Json.read(tree.toString(), JobSubmitted.class);
        assertThat(with.sources().get(0).media().closedCaptions()).isEqualTo(MediaInfo.CAPTIONS_EMBEDDED);
        assertThat(with.sources().get(0).media().opAtom()).isTrue();
        assertThat(Json.read(Json.write(with), JobSubmitted.class)).isEqualTo(with);
    }

    /**
     * Issue 13's request hash (what an Idempotency-Key stands for) is optional within schema 3: recorded messages
     * without it read as "unknown" (null), one with it round-trips, and a reader from before it ignores it.
     */
    @Test
    void requestHashIsOptionalWithinSchema3() throws Exception {
        assertThat(Json.read(recorded("JobSubmitted", 3), JobSubmitted.class).requestSha256())
                .isNull();
        assertThat(Json.read(recorded("JobSubmitted", 2), JobSubmitted.class).requestSha256())
                .isNull();

        String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        var tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(recorded("JobSubmitted", 3));
        tree.put("requestSha256", hash);
        JobSubmitted with = Json.read(tree.toString(), JobSubmitted.class);
        assertThat(with.schema()).isEqualTo(JobSubmitted.SCHEMA);
        assertThat(with.requestSha256()).isEqualTo(hash);
        assertThat(Json.read(Json.write(with), JobSubmitted.class)).isEqualTo(with);
        assertThat(Json.write(with)).contains("\"requestSha256\":\"" + hash + "\"");

        // a message without it is written without it (nulls are left out), as a reader from before it expects
        JobSubmitted without = Json.read(recorded("JobSubmitted", 3), JobSubmitted.class);
        assertThat(Json.write(without)).doesNotContain("requestSha256");
        assertThat(new JobSubmitted(
                        without.schema(),
                        without.jobId(),
                        without.name(),
                        without.priority(),
                        without.pool(),
                        without.recipe(),
                        without.sources(),
                        without.destination(),
                        without.submittedBy(),
                        without.submittedAt(),
                        without.jobDate(),
                        without.submitter()))
                .isEqualTo(without);
    }

    @Test
    void everyReadableRenderTaskVersionStillReads() {
        RenderTask previous = Json.read(recorded("RenderTask", RenderTask.SCHEMA - 1), RenderTask.class);
        assertThat(Wire.readable(previous.schema(), RenderTask.SCHEMA)).isTrue();
        assertThat(previous.outputs().get(0).ops()).hasSize(2);
        assertThat(previous.sourceTimecode()).isEqualTo("01:00:00;00");
        // version 3's fields: decoded frames used as they are, square-pixel outputs
        assertThat(previous.picture()).isNull();
        assertThat(previous.pictureOrDefault()).isEqualTo(SourcePicture.AS_DECODED);
        assertThat(previous.outputs().get(0).sar()).containsExactly(1, 1);

        RenderTask current = Json.read(recorded("RenderTask", RenderTask.SCHEMA), RenderTask.class);
        assertThat(current.schema()).isEqualTo(RenderTask.SCHEMA);
        assertThat(current.picture()).isEqualTo(new SourcePicture(32, 576, 16, 15, true));
        assertThat(current.outputs().get(1).sar()).containsExactly(16, 15);
        assertThat(current.outputs().get(0).sampleAspect()).isNull();
        assertThat(Json.read(Json.write(current), RenderTask.class)).isEqualTo(current);
    }

    /**
     * Issue 13's trusted-model fields are optional within schema 3: an output's {@code modelSha256} and the upscale
     * op's {@code sha256} pin read as null from a message without them (a planner from before the catalog) and
     * round-trip when present.
     */
    @Test
    void trustedModelHashesAreOptionalWithinSchema3() throws Exception {
        RenderTask without = Json.read(recorded("RenderTask", 3), RenderTask.class);
        assertThat(without.outputs())
                .allSatisfy(o -> assertThat(o.modelSha256()).isNull());

        String hash = "0c2c5ccbb403eadbe05ea14b7ae93792f5524ca6b9d84e70570f69cbd0733d18";
        var tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(recorded("RenderTask", 3));
        var out = (com.fasterxml.jackson.databind.node.ObjectNode)
                tree.path("outputs").get(0);
        out.put("modelSha256", hash);
        out.putArray("ops")
                .addObject()
                .put("op", "upscale")
                .put("model", "esrgan-slim-x2")
                .put("scale", 2)
                .put("sha256", hash);
        RenderTask with = Json.read(tree.toString(), RenderTask.class);
        assertThat(with.outputs().get(0).modelSha256()).isEqualTo(hash);
        assertThat(with.outputs().get(0).ops())
                .singleElement()
                .isEqualTo(io.darkroom.contracts.ops.Op.Upscale.of("esrgan-slim-x2", 2)
                        .withSha256(hash));
        assertThat(Json.read(Json.write(with), RenderTask.class)).isEqualTo(with);
        assertThat(Json.write(without)).doesNotContain("modelSha256");
    }

    @Test
    void readersTakeTheCurrentAndThePreviousVersionOnly() {
        assertThat(Wire.readable(3, 3)).isTrue();
        assertThat(Wire.readable(2, 3)).isTrue();
        assertThat(Wire.readable(1, 3)).isFalse();
        assertThat(Wire.readable(4, 3)).isFalse();
        assertThatThrownBy(() -> Wire.requireReadable("RenderTask t", 4, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RenderTask t has schema 4; this reader reads" + " 2 and 3");
    }
}
