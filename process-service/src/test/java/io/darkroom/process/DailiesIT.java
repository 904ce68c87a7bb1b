package io.darkroom.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.JobSubmitted;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.TaskEvent.SegmentFile;
import io.darkroom.contracts.Topics;
import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.media.Ffmpeg;
import io.darkroom.provenance.Manifest;
import io.darkroom.provenance.ManifestVerifier;
import io.darkroom.provenance.SourceRoots;
import io.darkroom.provenance.VerificationReport;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dailies batches: two real clips (the GoPro clip with its 15:44:35:10 tmcd and audio, the 64x64 ProRes clip) through
 * review + editorial outputs, the worker simulated with FFmpeg (whole-clip segments); per-clip outcome, editorial QC,
 * posters, contact sheet and ALE. And a batch where one clip fails for good while the other finishes: PARTIAL.
 */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class DailiesIT {
    @jakarta.inject.Inject
    io.darkroom.process.service.PosterFrames posters;

    private static final int WHOLE_CLIP = 100_000;

    @BeforeEach
    void signIn() {
        // another IT class (AuthIT) may have dropped the default token: every class signs in for itself
        ItSupport.signInWithEveryRole();
    }

    @Test
    void twoClipsWithReviewAndEditorialOutputsGetPostersContactSheetAndAle() throws Exception {
        String pool = "it-dailies-" + UUID.randomUUID().toString().substring(0, 8);
        String worker = "it-worker-" + pool;
        Recipe recipe = Recipe.of(List.of(
                        OutputSpec.of("review", "h264-review", 0, 0),
                        OutputSpec.of("proxy", "prores-proxy", 0, 0),
                        OutputSpec.of("proxy2", "prores-proxy", 0, 0)))
                .withSegmentFrames(WHOLE_CLIP)
                .withShow("Nightfall");
        JobSubmitted job = job(pool, recipe, ItSupport.GOPRO, ItSupport.PRORES);
        ItSupport.submit(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(job.jobId())));
        ItSupport.heartbeat(worker, pool, 8, 0);

        List<RenderTask> tasks = published(pool, 3); // GoPro video + audio, ProRes video
        RenderTask goproVideo = tasks.stream()
                .filter(t -> t.kind() == RenderTask.TaskKind.VIDEO_SEGMENT
                        && t.source().path().equals(ItSupport.GOPRO))
                .findFirst()
                .orElseThrow();
        assertThat(goproVideo.clipName()).isEqualTo("gopro_max_h264_tmcd_gpmf");
        assertThat(goproVideo.show()).isEqualTo("Nightfall");
        assertThat(goproVideo.jobDate()).isEqualTo(LocalDate.ofInstant(job.submittedAt(), ZoneOffset.UTC));
        assertThat(goproVideo.sourceTimecode()).isEqualTo("15:44:35:10");
        assertThat(goproVideo.outputs()).extracting(RenderOutput::name).containsExactly("review", "proxy", "proxy2");

        long postersAhead = posters.taken();
        for (RenderTask t : tasks) {
            complete(t, worker);
        }
        await().atMost(Duration.ofSeconds(120))
                .until(
                        () -> ItSupport.job(job.jobId()).getString("state"),
                        s -> s.equals("SUCCEEDED") || s.equals("FAILED") || s.equals("PARTIAL"));
        JsonPath view = ItSupport.job(job.jobId());
        assertThat(view.getString("reason")).isNull();
        assertThat(view.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(view.getList("clips.state", String.class)).containsExactly("DONE", "DONE");
        assertThat(view.getInt("clipCounts.done")).isEqualTo(2);
        assertThat(view.getList("history.to", String.class))
                .containsExactly("SUBMITTED", "PLANNED", "RUNNING", "ASSEMBLING", "SUCCEEDED");

        // editorial QC of the GoPro clip: its start timecode, both audio channels, 10-bit 4:2:2
        Map<String, Object> proxy = view.getMap("clips[0].outputs.find { it.name == 'proxy' }");
        Map<String, Object> proxy2 = view.getMap("clips[0].outputs.find { it.name == 'proxy2' }");
        for (Map<String, Object> o : List.of(proxy, proxy2)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> qc = (Map<String, Object>) o.get("qc");
            assertThat(qc.get("passed")).as("%s", o).isEqualTo(true);
            assertThat(qc.get("timecode")).isEqualTo("15:44:35:10");
            assertThat(qc.get("audioChannels"))
                    .as("same preset, same audio file: %s", o)
                    .isEqualTo(2);
            assertThat(qc.get("audioStreams")).isEqualTo(1);
        }
        Path out = DarkroomTestResource.storageRoot("out").resolve("it/" + job.jobId());
        assertThat(Path.of((String) proxy.get("path")))
                .hasFileName("gopro_max_h264_tmcd_gpmf_proxy.mov")
                .hasParent(out);
        assertThat(probeReel(Path.of((String) proxy2.get("path")))).isEqualTo("gopro_max_h264_tmcd_gpmf");

        // provenance: a signed manifest beside every output (2 clips x 3 outputs), listed with the artifacts
        List<Map<String, Object>> manifests = view.getList("artifacts.findAll { it.kind == 'provenance' }");
        assertThat(manifests).hasSize(6);
        Path proxyFile = Path.of((String) proxy.get("path"));
        Path proxyManifest = proxyFile.resolveSibling(proxyFile.getFileName() + ".provenance.json");
        assertThat(manifests).extracting(a -> a.get("path")).contains(proxyManifest.toString());
        assertThat(manifests)
                .extracting(a -> a.get("clip"))
                .contains("gopro_max_h264_tmcd_gpmf", "prores_proxy_64x64_24fps_100f");
        Path siteKey = DarkroomTestResource.storageRoot("work").resolve("provenance-key");
        SourceRoots roots = new SourceRoots(Map.of("media", DarkroomTestResource.storageRoot("media")));
        VerificationReport report = ManifestVerifier.verify(proxyFile, Optional.of(siteKey), roots);
        assertThat(report.ok()).as(report.toText()).isTrue();
        assertThat(report.findings()).as(report.toText()).noneMatch(f -> f.status() != VerificationReport.Status.OK);
        Manifest m = report.manifest();
        assertThat(m.jobId()).isEqualTo(job.jobId());
        assertThat(m.clipName()).isEqualTo("gopro_max_h264_tmcd_gpmf");
        assertThat(m.sources()).singleElement().satisfies(src -> {
            assertThat(src.ref()).isEqualTo("media:" + ItSupport.GOPRO);
            assertThat(src.size()).isEqualTo(Files.size(ItSupport.media(ItSupport.GOPRO)));
        });
        assertThat(m.recipe().path("show").asText()).isEqualTo("Nightfall");
        assertThat(m.software().darkroom()).isNotBlank().isNotEqualTo("unknown");
        assertThat(m.software().ffmpeg()).isNotBlank().isNotEqualTo("unknown");
        assertThat(m.software().onnxruntime()).isNull();
        assertThat(m.model()).isNull();
        assertThat(m.aiTouched()).isFalse();
        // ItSupport's submissions carry no submitter identity (as before issue 10): the bare name, issuer unrecorded
        assertThat(m.submittedBy()).isEqualTo(io.darkroom.contracts.Actor.legacy("it"));
        assertThat(m.approvedBy()).isNull();
        assertThat(m.segments()).as("the video segment, then the audio file").hasSize(2);
        assertThat(m.segments().get(0)).satisfies(seg -> {
            assertThat(seg.index()).isZero();
            assertThat(seg.workerId()).isEqualTo(worker);
            assertThat(seg.attempt()).isEqualTo(1);
            assertThat(seg.delivery()).isEqualTo(1);
            assertThat(seg.file()).endsWith(".proxy.a1-d1-" + worker + ".mov");
        });
        assertThat(m.segments().get(1).file()).startsWith("audio.proxy.a1-d1-" + worker + ".");
        // one flipped byte of the output: verification fails and names the output's hash
        byte[] bytes = Files.readAllBytes(proxyFile);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(proxyFile, bytes);
        VerificationReport tampered = ManifestVerifier.verify(proxyFile, Optional.of(siteKey), roots);
        assertThat(tampered.ok()).isFalse();
        assertThat(tampered.failures()).as(tampered.toText()).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo(VerificationReport.Check.OUTPUT);
            assertThat(f.message())
                    .contains("output sha256 differs", m.output().sha256().substring(0, 4));
        });

        // artifacts: a poster per clip, one contact sheet, one ALE, all in the destination folder
        List<Map<String, Object>> artifacts = view.getList("artifacts.findAll { it.kind != 'provenance' }");
        assertThat(artifacts).extracting(a -> a.get("kind")).containsExactly("poster", "poster", "contactSheet", "ale");
        assertThat(artifacts)
                .extracting(a -> a.get("clip"))
                .containsExactly("gopro_max_h264_tmcd_gpmf", "prores_proxy_64x64_24fps_100f", null, null);
        for (Map<String, Object> a : artifacts) {
            assertThat(Path.of((String) a.get("path"))).exists().hasParent(out);
        }
        BufferedImage poster =
                ImageIO.read(Path.of((String) artifacts.get(0).get("path")).toFile());
        assertThat(poster.getWidth()).isEqualTo(848);
        assertThat(poster.getHeight()).isEqualTo(480);
        assertThat(posters.taken() - postersAhead)
                .as("both posters were grabbed as their clip's review output was joined, not after the last clip")
                .isEqualTo(2);
        BufferedImage sheet =
                ImageIO.read(Path.of((String) artifacts.get(2).get("path")).toFile());
        assertThat(sheet.getWidth())
                .as("two 320-pixel cells with 12-pixel gaps")
                .isEqualTo(12 + 2 * (320 + 12));
        assertThat(meanLuma(sheet, 12, 40, 320, 180))
                .as("the GoPro picture is on the sheet, not black")
                .isGreaterThan(20);

        List<String> ale = Files.readAllLines(Path.of((String) artifacts.get(3).get("path")), StandardCharsets.UTF_8);
        assertThat(ale.get(0)).isEqualTo("Heading");
        assertThat(ale).contains("FIELD_DELIM\tTABS", "FPS\t29.97", "Data");
        List<String> rows = ale.subList(ale.indexOf("Data") + 1, ale.size()).stream()
                .filter(l -> !l.isEmpty())
                .toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).split("\t"))
                .startsWith(
                        "gopro_max_h264_tmcd_gpmf",
                        "gopro_max_h264_tmcd_gpmf",
                        "gopro_max_h264_tmcd_gpmf.mp4",
                        "15:44:35:10",
                        "15:44:45:25",
                        "00:00:10:15",
                        "VA1A2",
                        "29.97",
                        "848x480",
                        "gopro_max_h264_tmcd_gpmf_proxy.mov");
        assertThat(rows.get(1).split("\t"))
                .startsWith(
                        "prores_proxy_64x64_24fps_100f",
                        "prores_proxy_64x64_24fps_100f",
                        "prores_proxy_64x64_24fps_100f.mov",
                        "00:00:00:00",
                        "00:00:04:04",
                        "00:00:04:04",
                        "V",
                        "24",
                        "64x64");
    }

    @Test
    void oneClipFailingForGoodLeavesTheOtherDoneAndTheJobPartial() throws Exception {
        String pool = "it-partial-" + UUID.randomUUID().toString().substring(0, 8);
        String worker = "it-worker-" + pool;
        Recipe recipe = Recipe.of(List.of(OutputSpec.of("review", "h264-review", 0, 0)))
                .withSegmentFrames(WHOLE_CLIP)
                .withShow("Nightfall")
                .withNameTemplate("{show}-{clip}-{output}.{ext}");
        JobSubmitted job = job(pool, recipe, ItSupport.PRORES, ItSupport.GOPRO);
        ItSupport.submit(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PLANNED".equals(ItSupport.jobState(job.jobId())));
        ItSupport.heartbeat(worker, pool, 8, 0);
        List<RenderTask> tasks = published(pool, 3); // ProRes video, GoPro audio + video
        RenderTask bad = tasks.stream()
                .filter(t -> t.kind() == RenderTask.TaskKind.VIDEO_SEGMENT
                        && t.source().path().equals(ItSupport.GOPRO))
                .findFirst()
                .orElseThrow();
        RenderTask good = tasks.stream()
                .filter(t -> t.source().path().equals(ItSupport.PRORES))
                .findFirst()
                .orElseThrow();
        ItSupport.send(
                Topics.TASKS_EVENTS,
                bad.jobId(),
                new TaskEvent.TaskFailed(
                        UUID.randomUUID().toString(),
                        Instant.now(),
                        bad.jobId(),
                        bad.taskId(),
                        bad.attempt(),
                        1,
                        worker,
                        FailureReason.BAD_INPUT,
                        "corrupt slice at frame 12"));
        // the failing clip fails alone: its audio task is cancelled, the other clip goes on
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "FAILED".equals(ItSupport.job(job.jobId()).getString("clips[1].state")));
        JsonPath during = ItSupport.job(job.jobId());
        assertThat(during.getString("state")).isEqualTo("RUNNING");
        assertThat(during.getString("clips[0].state")).isEqualTo("PLANNED");
        assertThat(during.getList("tasks.findAll { it.clipId == '" + bad.clipId() + "' }.state", String.class))
                .containsExactlyInAnyOrder("FAILED", "CANCELLED");

        complete(good, worker);
        await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> ItSupport.job(job.jobId()).getString("state"),
                        s -> s.equals("SUCCEEDED") || s.equals("FAILED") || s.equals("PARTIAL"));
        JsonPath view = ItSupport.job(job.jobId());
        assertThat(view.getString("state")).isEqualTo("PARTIAL");
        assertThat(view.getString("reason"))
                .startsWith("1 of 2 clips failed: gopro_max_h264_tmcd_gpmf: ")
                .contains("BAD_INPUT", "corrupt slice at frame 12");
        assertThat(view.getList("clips.state", String.class)).containsExactly("DONE", "FAILED");
        assertThat(view.getString("clips[1].reason")).contains(ItSupport.GOPRO, "BAD_INPUT");
        assertThat(view.getBoolean("clips[0].outputs[0].qc.passed")).isTrue();
        assertThat(Path.of(view.getString("clips[0].outputs[0].path")))
                .as("the recipe's name template wins over the config default")
                .hasFileName("Nightfall-prores_proxy_64x64_24fps_100f-review.mp4");
        assertThat(view.getInt("clipCounts.done")).isEqualTo(1);
        assertThat(view.getInt("clipCounts.failed")).isEqualTo(1);
        assertThat(view.getList("artifacts.kind", String.class))
                .containsExactly("poster", "contactSheet", "ale", "provenance");
        List<String> ale = Files.readAllLines(Path.of(view.getString("artifacts.find { it.kind == 'ale' }.path")));
        assertThat(ale.subList(ale.indexOf("Data") + 1, ale.size()).stream().filter(l -> !l.isEmpty()))
                .singleElement()
                .asString()
                .startsWith("prores_proxy_64x64_24fps_100f\t");
        assertThat(view.getList("history.to", String.class))
                .containsExactly("SUBMITTED", "PLANNED", "RUNNING", "ASSEMBLING", "PARTIAL");
    }

    @Test
    void aBadRecipeNameTemplateFailsTheJobAtPlanning() {
        Recipe recipe = Recipe.of(List.of(OutputSpec.of("review", "h264-review", 0, 0)))
                .withSegmentFrames(WHOLE_CLIP)
                .withNameTemplate("{show}_{output}.{ext}");
        JobSubmitted job = job("it-badname", recipe, ItSupport.PRORES);
        ItSupport.submit(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(ItSupport.jobState(job.jobId())));
        assertThat(ItSupport.job(job.jobId()).getString("reason"))
                .startsWith("cannot plan: recipe nameTemplate is invalid: ")
                .contains("{show}_{output}.{ext}");
    }

    /**
     * A JobSubmitted is untrusted input: one written to the topic past ingest (destination in the camera originals,
     * a LUT beside the site key) fails at planning with the rule it broke, and nothing is dispatched or written.
     */
    @Test
    void aSubmissionBreakingTheRootModesFailsAtPlanningWhoeverWroteIt() {
        Recipe recipe =
                Recipe.of(List.of(OutputSpec.of("review", "h264-review", 0, 0))).withSegmentFrames(WHOLE_CLIP);
        JobSubmitted base = job("it-roots", recipe, ItSupport.PRORES);
        JobSubmitted intoMedia = ItSupport.withDestination(base, new SourceRef("media", "prores"));
        Recipe keyLut = Recipe.of(recipe.outputs())
                .withSegmentFrames(WHOLE_CLIP)
                .withOps(List.of(
                        new io.darkroom.contracts.ops.Op.Lut3d(new SourceRef("work", "provenance-key/x.cube"))));
        JobSubmitted internalLut = job("it-roots", keyLut, ItSupport.PRORES);
        ItSupport.submit(intoMedia);
        ItSupport.submit(internalLut);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "FAILED".equals(ItSupport.jobState(base.jobId()))
                        && "FAILED".equals(ItSupport.jobState(internalLut.jobId())));
        assertThat(ItSupport.job(base.jobId()).getString("reason"))
                .isEqualTo("cannot plan: destination: root 'media' is read-only; outputs go to a writable root (out)");
        assertThat(ItSupport.job(internalLut.jobId()).getString("reason"))
                .startsWith("cannot plan: recipe.ops[0].file: root 'work' is internal; jobs read from ");
        assertThat(ItSupport.job(base.jobId()).getList("clips")).isEmpty();
    }

    static JobSubmitted job(String pool, Recipe recipe, String... clipPaths) {
        String jobId = UUID.randomUUID().toString();
        List<JobSubmitted.ProbedSource> sources = new ArrayList<>();
        for (String p : clipPaths) {
            String clipName = Path.of(p).getFileName().toString().replaceFirst("\\.[^.]+$", "");
            sources.add(new JobSubmitted.ProbedSource(clipName, new SourceRef("media", p), ItSupport.probe(p)));
        }
        return new JobSubmitted(
                JobSubmitted.SCHEMA,
                jobId,
                "dailies " + jobId.substring(0, 8),
                0,
                pool,
                recipe,
                sources,
                new SourceRef("out", "it/" + jobId),
                "it",
                Instant.now(),
                null,
                null);
    }

    static List<RenderTask> published(String pool, int count) {
        try (var topic = new ItSupport.TopicReader(Topics.tasks(pool))) {
            await().atMost(Duration.ofSeconds(15)).until(() -> topic.records().size() >= count);
            return topic.values(RenderTask.class);
        }
    }

    /** Reports a task started and done with files made by FFmpeg like a worker's. */
    static void complete(RenderTask t, String worker) throws Exception {
        List<SegmentFile> files = t.kind() == RenderTask.TaskKind.AUDIO ? audio(t, worker) : video(t, worker);
        ItSupport.send(
                Topics.TASKS_EVENTS,
                t.jobId(),
                new TaskEvent.TaskStarted(
                        UUID.randomUUID().toString(), Instant.now(), t.jobId(), t.taskId(), t.attempt(), 1, worker));
        ItSupport.send(
                Topics.TASKS_EVENTS,
                t.jobId(),
                new TaskEvent.TaskDone(
                        UUID.randomUUID().toString(),
                        Instant.now(),
                        t.jobId(),
                        t.taskId(),
                        t.attempt(),
                        1,
                        worker,
                        files));
    }

    /** One whole-clip segment per output, in the preset's codec, size and container. */
    private static List<SegmentFile> video(RenderTask t, String worker) throws Exception {
        List<SegmentFile> files = new ArrayList<>();
        for (RenderOutput o : t.outputs()) {
            Preset preset = Preset.byId(o.preset()).orElseThrow();
            List<String> codec = preset == Preset.H264_REVIEW
                    ? List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "23")
                    : List.of("-c:v", "prores_ks", "-profile:v", "0");
            files.add(encode(
                    t,
                    worker,
                    o.name(),
                    preset.extension(),
                    List.of(
                            "-map",
                            "0:v:0",
                            "-vf",
                            "scale=" + o.width() + ":" + o.height() + ":out_range=tv,format=" + preset.pixelFormat(),
                            "-color_range",
                            "tv",
                            "-fps_mode",
                            "passthrough"),
                    codec,
                    t.expectedFrames()));
        }
        return files;
    }

    /** One audio file per distinct preset, named after that preset's first output (as render-core does). */
    private static List<SegmentFile> audio(RenderTask t, String worker) throws Exception {
        Map<Preset, String> distinct = new LinkedHashMap<>();
        t.outputs().forEach(o -> distinct.putIfAbsent(Preset.byId(o.preset()).orElseThrow(), o.name()));
        List<SegmentFile> files = new ArrayList<>();
        for (Map.Entry<Preset, String> e : distinct.entrySet()) {
            List<String> codec = e.getKey() == Preset.H264_REVIEW
                    ? List.of("-c:a", "aac", "-ac", "2")
                    : List.of("-c:a", e.getKey().audioEncoder());
            files.add(encode(t, worker, e.getValue(), e.getKey().audioExtension(), List.of("-map", "0:a:0"), codec, 0));
        }
        return files;
    }

    private static SegmentFile encode(
            RenderTask t, String worker, String output, String ext, List<String> map, List<String> codec, long frames)
            throws Exception {
        String rel = t.outputPrefix().path() + "." + output + ".a" + t.attempt() + "-d1-" + worker + "." + ext;
        Path file = DarkroomTestResource.storageRoot("work").resolve(rel);
        Files.createDirectories(file.getParent());
        List<String> args = new ArrayList<>(List.of(
                "-v",
                "error",
                "-y",
                "-i",
                DarkroomTestResource.storageRoot("media")
                        .resolve(t.source().path())
                        .toString()));
        args.addAll(map);
        args.addAll(codec);
        args.addAll(List.of("-dn", "-sn", "-map_metadata", "-1", file.toString()));
        Ffmpeg.Result r = Ffmpeg.ffmpeg(args, Duration.ofMinutes(2));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        return new SegmentFile(
                output,
                new SourceRef("work", rel),
                frames,
                frames * t.fpsDen() * 1_000_000L / t.fpsNum(),
                Files.size(file),
                null);
    }

    private static String probeReel(Path file) {
        Ffmpeg.Result r = Ffmpeg.ffprobe(
                List.of(
                        "-v",
                        "error",
                        "-show_entries",
                        "stream_tags=reel_name:format_tags=reel_name",
                        "-of",
                        "default=nw=1:nk=1",
                        file.toString()),
                Duration.ofSeconds(30));
        return r.stdout().lines().filter(l -> !l.isBlank()).findFirst().orElse(null);
    }

    private static double meanLuma(BufferedImage img, int x0, int y0, int w, int h) {
        long sum = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int rgb = img.getRGB(x, y);
                sum += (((rgb >> 16) & 255) * 299 + ((rgb >> 8) & 255) * 587 + (rgb & 255) * 114) / 1000;
            }
        }
        return (double) sum / ((long) w * h);
    }
}
