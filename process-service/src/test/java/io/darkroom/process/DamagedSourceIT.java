package io.darkroom.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.media.DamagedSources;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Damaged sources (generated with FFmpeg: an MPEG-TS starting mid-GOP, an MP4 with a cut-off mdat) through planning,
 * a simulated worker (FFmpeg, as in {@link DailiesIT}), assembly and QC: under {@code damagedSource: salvage} (the
 * default) every decodable picture is delivered, QC passes and the clips end DONE with the damage as their warning
 * (job status, ALE comment, provenance manifest); under {@code fail} the clip fails at planning with a reason naming the source.
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class DamagedSourceIT {
    private static final int WHOLE_CLIP = 100_000;

    @BeforeEach
    void signIn() {
        ItSupport.signInWithEveryRole();
    }

    /** A folder of its own under the media root's git-ignored generated folder; returns its path below the root. */
    private static String folder() throws Exception {
        String rel = "generated/damaged-" + UUID.randomUUID().toString().substring(0, 8);
        Files.createDirectories(DarkroomTestResource.storageRoot("media").resolve(rel));
        return rel;
    }

    private static String rel(String folder, Path file) {
        return folder + "/" + file.getFileName();
    }

    @Test
    void salvagedSourcesEndDoneWithTheirDamageAsWarnings() throws Exception {
        String dir = folder();
        Path abs = DarkroomTestResource.storageRoot("media").resolve(dir);
        String midGop = rel(dir, DamagedSources.startingMidGop(abs, "mpegts", false));
        String truncated = rel(dir, DamagedSources.truncatedMp4(abs, false, 75));
        String pool = "it-damaged-" + UUID.randomUUID().toString().substring(0, 8);
        String worker = "it-worker-" + pool;
        Recipe recipe = Recipe.of(List.of(
                        OutputSpec.of("review", "h264-review", 0, 0), OutputSpec.of("proxy", "prores-proxy", 0, 0)))
                .withSegmentFrames(WHOLE_CLIP)
                .withShow("Nightfall");
        JobSubmitted job = DailiesIT.job(pool, recipe, midGop, truncated);
        List<String> damage =
                job.sources().stream().map(s -> s.media().damage().get(0)).toList();
        assertThat(damage.get(0)).matches("source: \\d+ leading packets undecodable \\(starts mid-GOP\\)");
        assertThat(damage.get(1)).matches("source truncated after frame \\d+");
        ItSupport.submit(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(job.jobId())));
        ItSupport.heartbeat(worker, pool, 8, 0);

        for (RenderTask t : DailiesIT.published(pool, 2)) {
            DailiesIT.complete(t, worker);
        }
        await().atMost(Duration.ofSeconds(120))
                .until(
                        () -> ItSupport.job(job.jobId()).getString("state"),
                        s -> s.equals("SUCCEEDED") || s.equals("FAILED") || s.equals("PARTIAL"));
        JsonPath view = ItSupport.job(job.jobId());
        assertThat(view.getList("clips.reason", String.class))
                .as("the clips' warnings")
                .isEqualTo(damage);
        assertThat(view.getList("clips.state", String.class)).containsExactly("DONE", "DONE");
        assertThat(view.getString("state")).isEqualTo("SUCCEEDED");
        for (int i = 0; i < 2; i++) {
            long pictures = job.sources().get(i).media().frameCount();
            assertThat(view.getLong("clips[" + i + "].frames")).isEqualTo(pictures);
            for (Map<String, Object> o : view.<Map<String, Object>>getList("clips[" + i + "].outputs")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> qc = (Map<String, Object>) o.get("qc");
                assertThat(qc.get("passed")).as("QC of %s", o).isEqualTo(true);
                assertThat(((Number) qc.get("frames")).longValue()).isEqualTo(pictures);
                Path output = Path.of((String) o.get("path"));
                var manifest = io.darkroom.contracts.Json.mapper()
                        .readTree(output.resolveSibling(output.getFileName() + ".provenance.json")
                                .toFile());
                assertThat(manifest.path("manifest").path("warnings").toString())
                        .as("the provenance manifest's warnings")
                        .isEqualTo("[\"" + damage.get(i) + "\"]");
            }
        }
        Map<String, Object> ale = view.getMap("artifacts.find { it.kind == 'ale' }");
        List<String> lines = Files.readAllLines(Path.of((String) ale.get("path")), StandardCharsets.UTF_8);
        List<String> rows = lines.subList(lines.indexOf("Data") + 1, lines.size()).stream()
                .filter(l -> !l.isEmpty())
                .toList();
        assertThat(rows).extracting(r -> r.substring(r.lastIndexOf('\t') + 1)).isEqualTo(damage);
    }

    @Test
    void underFailTheDamagedClipFailsNamingTheSource() throws Exception {
        String dir = folder();
        String midGop = rel(
                dir,
                DamagedSources.startingMidGop(
                        DarkroomTestResource.storageRoot("media").resolve(dir), "mpegts", false));
        String pool = "it-damaged-fail-" + UUID.randomUUID().toString().substring(0, 8);
        Recipe recipe = new Recipe(
                List.of(OutputSpec.of("review", "h264-review", 0, 0)),
                WHOLE_CLIP,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Recipe.DAMAGED_FAIL);
        JobSubmitted job = DailiesIT.job(pool, recipe, midGop);
        ItSupport.submit(job);

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(ItSupport.jobState(job.jobId())));
        JsonPath view = ItSupport.job(job.jobId());
        assertThat(view.getList("clips.state", String.class)).containsExactly("FAILED");
        String reason = view.getString("clips[0].reason");
        assertThat(reason)
                .startsWith("source " + midGop + " is damaged (source: ")
                .contains("leading packets undecodable (starts mid-GOP)")
                .endsWith("damagedSource: fail")
                .doesNotContain("output");
        assertThat(view.getString("reason")).contains(midGop);
        assertThat(view.getList("clips[0].outputs.qc")).containsOnlyNulls();
    }
}
