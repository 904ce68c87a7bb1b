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
        assertThat(previous.jobDate()).isNull();
        assertThat(previous.submitter()).isNull();
        assertThat(previous.effectiveJobDate()).isEqualTo(LocalDate.of(2026, 3, 14));
        assertThat(previous.recipe().approval()).isNull();
        assertThat(previous.recipe().nameTemplate()).isNull();
        assertThat(previous.recipe().effectiveOps(previous.recipe().outputs().get(1))).isEmpty();
        assertThat(previous.sources().get(0).media().timecode()).isEqualTo("15:44:35:10");

        String json = recorded("JobSubmitted", JobSubmitted.SCHEMA);
        JobSubmitted current = Json.read(json, JobSubmitted.class);
        assertThat(current.schema()).isEqualTo(JobSubmitted.SCHEMA);
        assertThat(current.jobDate()).isEqualTo(LocalDate.of(2026, 3, 15));
        assertThat(current.submitter()).isEqualTo(new Actor("3f2c1a9e-5b7d-4e21-9a0c-6d8e7f1b2c3d", "dit@set",
                "https://sso.example.test/realms/darkroom"));
        assertThat(current.submitter().name()).isEqualTo(current.submittedBy());
        assertThat(current.recipe().approvalRequired()).isTrue();
        assertThat(current.recipe().outputs().get(0).reference().minSsim()).isEqualTo(0.9);
        assertThat(current.recipe().outputs().get(0).ops()).containsExactly(Op.Upscale.of("esrgan-slim-x2", 2));
        assertThat(Json.read(Json.write(current), JobSubmitted.class)).isEqualTo(current);
    }

    @Test
    void everyReadableRenderTaskVersionStillReads() {
        RenderTask previous = Json.read(recorded("RenderTask", RenderTask.SCHEMA - 1), RenderTask.class);
        assertThat(Wire.readable(previous.schema(), RenderTask.SCHEMA)).isTrue();
        assertThat(previous.outputs().get(0).hasOps()).isFalse();
        assertThat(previous.clipName()).isNull();
        assertThat(previous.sourceTimecode()).isNull();

        RenderTask current = Json.read(recorded("RenderTask", RenderTask.SCHEMA), RenderTask.class);
        assertThat(current.schema()).isEqualTo(RenderTask.SCHEMA);
        assertThat(current.outputs().get(0).ops()).hasSize(2);
        assertThat(current.sourceTimecode()).isEqualTo("01:00:00;00");
        assertThat(current.endUs()).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.read(Json.write(current), RenderTask.class)).isEqualTo(current);
    }

    @Test
    void readersTakeTheCurrentAndThePreviousVersionOnly() {
        assertThat(Wire.readable(2, 2)).isTrue();
        assertThat(Wire.readable(1, 2)).isTrue();
        assertThat(Wire.readable(0, 2)).isFalse();
        assertThat(Wire.readable(3, 2)).isFalse();
        assertThatThrownBy(() -> Wire.requireReadable("RenderTask t", 3, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("RenderTask t has schema 3; this reader reads"
                        + " 1 and 2");
    }
}
