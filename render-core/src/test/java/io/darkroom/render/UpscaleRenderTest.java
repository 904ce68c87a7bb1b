package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.contracts.ops.Op;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.assembly.AssemblyRequest;
import io.darkroom.media.assembly.SegmentAssembler;
import io.darkroom.media.plan.SegmentPlanner;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.ModelRegistry;
import io.darkroom.models.upscale.TiledUpscaler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upscale op end to end through {@link JavacvTaskRenderer}: the GoPro clip, cropped to 96x64 by a reformat op
 * (fast on the CPU), upscaled x2 by esrgan-slim (imported from the npm package with the project's own converter)
 * into ffv1-master, on ONNX Runtime's CPU provider.
 */
class UpscaleRenderTest {
    private static final Logger LOG = Logger.getLogger(UpscaleRenderTest.class);
    private static final int W = 96;
    private static final int H = 64;

    static Path registryDir;
    static ModelMetadata model;

    @TempDir
    Path temp;

    @BeforeAll
    static void importModel() throws IOException {
        UpscaleTestModels.Registry slim = UpscaleTestModels.esrganSlimX2(); // skips without npm
        registryDir = slim.dir();
        model = slim.model();
        assertThat(model.name()).isEqualTo("esrgan-slim-x2");
    }

    private static List<Op> ops(Op upscale) {
        return List.of(new Op.Reformat(Op.Reformat.Mode.CROP, W, H), upscale);
    }

    private static RenderTask task(MediaInfo info, int index, long fromFrame, long toFrame, String prefix, Op upscale) {
        return task(info, index, fromFrame, toFrame, prefix, upscale, null);
    }

    /** A task whose output carries the planner's trusted hash of the model file to run. */
    private static RenderTask task(
            MediaInfo info, int index, long fromFrame, long toFrame, String prefix, Op upscale, String trusted) {
        RenderTask.RenderOutput out = RenderTask.RenderOutput.of("master", "ffv1-master", 2 * W, 2 * H)
                .withOps(ops(upscale))
                .withModelSha256(trusted);
        return RenderFixtures.video(
                RenderFixtures.GOPRO,
                info,
                index,
                SegmentPlanner.boundaryUs(info, fromFrame),
                SegmentPlanner.boundaryUs(info, toFrame),
                toFrame - fromFrame,
                prefix,
                List.of(out));
    }

    @Test
    void esrganUpscalesTwiceTheSizeKeepsColourAndJoinsSegmentsWithoutASeam() throws Exception {
        RenderFixtures fx = new RenderFixtures(temp);
        MediaInfo info = RenderFixtures.probe(RenderFixtures.GOPRO);
        Upscalers upscalers = new Upscalers(registryDir);
        JavacvTaskRenderer renderer = new JavacvTaskRenderer(fx.roots, "0", temp.resolve("ops"), upscalers);
        Op esrgan = Op.Upscale.of("esrgan-slim-x2", 2);

        // one segment of frames 0..5 (the model loads here: not timed) ...
        Path single = fx.file(renderer.render(task(info, 0, 0, 6, "single", esrgan), RenderFixtures.context())
                .get(0)
                .file());
        // ... and the same frames as two adjacent segments 0..2 and 3..5, timed (the model is cached by now)
        long t0 = System.nanoTime();
        List<TaskEvent.SegmentFile> a = renderer.render(task(info, 0, 0, 3, "split", esrgan), RenderFixtures.context());
        List<TaskEvent.SegmentFile> b = renderer.render(task(info, 1, 3, 6, "split", esrgan), RenderFixtures.context());
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.infof(
                "esrgan-slim-x2 on the CPU, %dx%d -> %dx%d, 6 frames in 2 segment tasks: %.2f s, %.2f fps "
                        + "(decode + crop + upscale + ffv1 encode)",
                W, H, 2 * W, 2 * H, seconds, 6 / seconds);
        Path segA = fx.file(a.get(0).file());
        Path segB = fx.file(b.get(0).file());
        // the lanczos output shares its task with a plain output (no upscale op): one decode, three kinds of file
        RenderTask lzTask = task(info, 0, 0, 6, "lanczos", new Op.LanczosUpscale(2));
        List<RenderTask.RenderOutput> lzOutputs = new ArrayList<>(lzTask.outputs());
        lzOutputs.add(RenderTask.RenderOutput.of("plain", "ffv1-master", W, H)
                .withOps(List.of(new Op.Reformat(Op.Reformat.Mode.CROP, W, H))));
        List<TaskEvent.SegmentFile> lzFiles = renderer.render(
                RenderFixtures.video(
                        RenderFixtures.GOPRO, info, 0, lzTask.startUs(), lzTask.endUs(), 6, "lanczos", lzOutputs),
                RenderFixtures.context());
        Path lanczos = fx.file(lzFiles.get(0).file());

        // what ran each output's upscale op, as the TaskDone event will say: the ONNX Runtime execution provider of
        // the session (CPU here: this machine has no GPU and the default build is the CPU jar), java for lanczos,
        // nothing for an output without an upscale op
        String ranOn = upscalers.get(esrgan, null, "test").executionProvider();
        if (!OrtEnvironment.getEnvironment().getAvailableProviders().contains(OrtProvider.CUDA)) {
            assertThat(ranOn).isEqualTo(TiledUpscaler.CPU_PROVIDER); // the default (CPU) build: device auto -> CPU
        }
        assertThat(ranOn).isIn(TiledUpscaler.CPU_PROVIDER, TiledUpscaler.CUDA_PROVIDER);
        assertThat(a.get(0).upscaledBy()).isEqualTo(ranOn);
        assertThat(b.get(0).upscaledBy()).isEqualTo(ranOn);
        assertThat(probe(segA, "format_tags=darkroom_upscale"))
                .singleElement()
                .asString()
                .endsWith(";ep=" + ranOn);
        assertThat(lzFiles).extracting(TaskEvent.SegmentFile::output).containsExactly("master", "plain");
        assertThat(lzFiles.get(0).upscaledBy()).isEqualTo("java");
        assertThat(lzFiles.get(1).upscaledBy()).isNull();
        assertThat(probe(fx.file(lzFiles.get(1).file()), "stream=width,height")).isEqualTo(List.of(W + "", H + ""));

        // size and frame count
        assertThat(probe(single, "stream=width,height")).isEqualTo(List.of((2 * W) + "", (2 * H) + ""));
        assertThat(a.get(0).frames()).isEqualTo(3);
        assertThat(b.get(0).frames()).isEqualTo(3);
        List<int[]> one = frames(single);
        List<int[]> split = new ArrayList<>(frames(segA));
        split.addAll(frames(segB));
        List<int[]> lz = frames(lanczos);
        assertThat(one).hasSize(6);
        assertThat(split).hasSize(6);
        assertThat(lz).hasSize(6);

        // colour: per channel, the mean of the model's output is within 2 (8-bit) codes of lanczos' on the same frames
        double[] mModel = channelMeans(one);
        double[] mLanczos = channelMeans(lz);
        LOG.infof(
                "channel means (8-bit codes): esrgan %.2f %.2f %.2f, lanczos %.2f %.2f %.2f",
                mModel[0] / 257,
                mModel[1] / 257,
                mModel[2] / 257,
                mLanczos[0] / 257,
                mLanczos[1] / 257,
                mLanczos[2] / 257);
        for (int c = 0; c < 3; c++) {
            assertThat(Math.abs(mModel[c] - mLanczos[c]) / 257.0)
                    .as("channel %d mean difference, 8-bit codes", c)
                    .isLessThan(2.0);
        }
        // and the model did something other than lanczos (not a silent fallback)
        assertThat(meanAbsDiff(one.get(0), lz.get(0)) / 257.0).isGreaterThan(0.05);

        // no seam in time: every frame of the split render, the boundary pair 2|3 included, equals the one-pass render
        for (int i = 0; i < 6; i++) {
            double mad = meanAbsDiff(one.get(i), split.get(i)) / 257.0;
            LOG.infof("frame %d: split vs one-pass mean |diff| %.4f (8-bit codes)", i, mad);
            assertThat(mad)
                    .as("frame %d, split vs one pass, 8-bit codes (tolerance 0.01)", i)
                    .isLessThan(0.01);
        }

        // AI provenance in the container, and through the assembler's stream copy
        String tag = "darkroom-ai:esrgan-slim-x2@" + model.sha256().substring(0, 12);
        assertThat(probe(segA, "format_tags=comment")).containsExactly(tag);
        assertThat(probe(lanczos, "format_tags=comment")).containsExactly("darkroom-upscale:lanczos3");
        // the concat demuxer does not carry the segments' global tags: the assembler must be given the tag
        Path bare = temp.resolve("joined-bare.mkv");
        SegmentAssembler.assemble(
                new AssemblyRequest(List.of(segA, segB), null, bare, Preset.FFV1_MASTER, null, Map.of()));
        LOG.infof("comment after the assembler's stream copy without metadata: %s", probe(bare, "format_tags=comment"));
        Path joined = temp.resolve("joined.mkv");
        SegmentAssembler.assemble(new AssemblyRequest(
                List.of(segA, segB), null, joined, Preset.FFV1_MASTER, null, Map.of("comment", tag)));
        assertThat(probe(joined, "format_tags=comment"))
                .as("comment tag set by the assembler")
                .containsExactly(tag);
        assertThat(frames(joined)).hasSize(6);
    }

    @Test
    void precisionFp16RunsTheFloat16VariantAndGivesTheSamePictureWithinACode() throws Exception {
        RenderFixtures fx = new RenderFixtures(temp);
        MediaInfo info = RenderFixtures.probe(RenderFixtures.GOPRO);
        Upscalers upscalers = new Upscalers(registryDir);
        JavacvTaskRenderer renderer = new JavacvTaskRenderer(fx.roots, "0", temp.resolve("ops"), upscalers);
        Op fp32 = Op.Upscale.of("esrgan-slim-x2", 2);
        Op fp16 = new Op.Upscale("esrgan-slim-x2", 2, null, null, Op.Upscale.Precision.FP16, null);

        // each task carries the trusted hash of the file it runs (the model's, or its variant's)
        Path full = fx.file(renderer.render(task(info, 0, 0, 3, "fp32", fp32, model.sha256()), RenderFixtures.context())
                .get(0)
                .file());
        Path half = fx.file(
                renderer.render(task(info, 0, 0, 3, "fp16", fp16, model.fp16().sha256()), RenderFixtures.context())
                        .get(0)
                        .file());
        assertThat(model.fp16())
                .as("the importer registers the float16 variant")
                .isNotNull();
        // the segment's provenance tag names the file that really ran: the float16 variant's hash
        assertThat(probe(half, "format_tags=darkroom_upscale"))
                .singleElement()
                .asString()
                .contains("sha256=" + model.fp16().sha256());
        assertThat(probe(full, "format_tags=darkroom_upscale"))
                .singleElement()
                .asString()
                .contains("sha256=" + model.sha256());
        List<int[]> a = frames(full);
        List<int[]> b = frames(half);
        assertThat(b).hasSize(a.size()).hasSize(3);
        for (int i = 0; i < a.size(); i++) {
            double mad = meanAbsDiff(a.get(i), b.get(i)) / 257.0;
            LOG.infof("frame %d: fp16 vs fp32 mean |diff| %.4f 8-bit codes", i, mad);
            // half-precision weights and rounding at the model's ends: measured about 0.02 of an 8-bit code
            assertThat(mad).isLessThan(0.1);
        }
    }

    @Test
    void aTamperedModelFailsTheTaskAsBadInputNamingBothHashes() throws Exception {
        RenderFixtures fx = new RenderFixtures(Files.createDirectories(temp.resolve("out")));
        MediaInfo info = RenderFixtures.probe(RenderFixtures.GOPRO);
        Path tampered = temp.resolve("tampered-models");
        Files.createDirectories(tampered);
        Files.copy(registryDir.resolve("esrgan-slim-x2.json"), tampered.resolve("esrgan-slim-x2.json"));
        byte[] bytes = Files.readAllBytes(registryDir.resolve("esrgan-slim-x2.onnx"));
        bytes[bytes.length - 5] ^= 0x01;
        Files.write(tampered.resolve("esrgan-slim-x2.onnx"), bytes);
        String actual = io.darkroom.provenance.Sha256.of(bytes);
        JavacvTaskRenderer renderer =
                new JavacvTaskRenderer(fx.roots, "0", temp.resolve("ops"), new Upscalers(tampered));

        assertThatThrownBy(() -> renderer.render(
                        task(info, 0, 0, 1, "tampered", Op.Upscale.of("esrgan-slim-x2", 2)), RenderFixtures.context()))
                .isInstanceOfSatisfying(
                        RenderException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.BAD_INPUT))
                .hasMessageContaining(model.sha256())
                .hasMessageContaining(actual);
        try (var files = Files.walk(fx.out)) {
            assertThat(files.filter(Files::isRegularFile).toList())
                    .as("no file left behind")
                    .isEmpty();
        }
    }

    /**
     * Whoever can write the models volume can replace a model and rewrite its metadata to match: the registry alone
     * then accepts the file, but the task's trusted hash (the planner's catalog) does not, so the task fails as bad
     * input naming the model and both hashes, and nothing runs.
     */
    @Test
    void aSwappedModelWithMatchingMetadataIsRefusedBecauseTheTasksTrustedHashDiffers() throws Exception {
        RenderFixtures fx = new RenderFixtures(Files.createDirectories(temp.resolve("out")));
        MediaInfo info = RenderFixtures.probe(RenderFixtures.GOPRO);
        Path swapped = Files.createDirectories(temp.resolve("swapped-models"));
        byte[] bytes = Files.readAllBytes(registryDir.resolve("esrgan-slim-x2.onnx"));
        bytes[bytes.length - 5] ^= 0x01;
        Path other = temp.resolve("other.onnx");
        Files.write(other, bytes);
        String actual = io.darkroom.provenance.Sha256.of(bytes);
        ModelRegistry registry = new ModelRegistry(swapped);
        registry.register(other, model.withSha256(null).withFp16(null));
        assertThat(registry.load("esrgan-slim-x2").metadata().sha256())
                .as("the registry's own metadata now vouches for the swapped file")
                .isEqualTo(actual);
        JavacvTaskRenderer renderer =
                new JavacvTaskRenderer(fx.roots, "0", temp.resolve("ops"), new Upscalers(swapped));

        assertThatThrownBy(() -> renderer.render(
                        task(info, 0, 0, 1, "swapped", Op.Upscale.of("esrgan-slim-x2", 2), model.sha256()),
                        RenderFixtures.context()))
                .isInstanceOfSatisfying(
                        RenderException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.BAD_INPUT))
                .hasMessageContaining("esrgan-slim-x2")
                .hasMessageContaining(model.sha256())
                .hasMessageContaining(actual)
                .hasMessageContaining("trusted model catalog");
        try (var files = Files.walk(fx.out)) {
            assertThat(files.filter(Files::isRegularFile).toList())
                    .as("no file left behind")
                    .isEmpty();
        }
    }

    private static List<String> probe(Path file, String entries) {
        Ffmpeg.Result r = Ffmpeg.ffprobe(
                List.of(
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        entries,
                        "-of",
                        "default=nw=1:nk=1",
                        file.toString()),
                Duration.ofMinutes(1));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        return r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Every frame as interleaved 16-bit RGB (ffmpeg CLI, BT.709 limited range in). */
    private static List<int[]> frames(Path file) throws IOException {
        Path raw = Files.createTempFile("upscale-frames", ".rgb");
        try {
            Ffmpeg.Result r = Ffmpeg.ffmpeg(
                    List.of(
                            "-v",
                            "error",
                            "-i",
                            file.toString(),
                            "-f",
                            "rawvideo",
                            "-pix_fmt",
                            "rgb48le",
                            "-y",
                            raw.toString()),
                    Duration.ofMinutes(1));
            assertThat(r.ok()).as(r.stderrTail()).isTrue();
            ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
            int n = 2 * W * 2 * H * 3;
            List<int[]> out = new ArrayList<>();
            while (buf.remaining() >= n * 2) {
                int[] f = new int[n];
                for (int i = 0; i < n; i++) {
                    f[i] = buf.getShort() & 0xffff;
                }
                out.add(f);
            }
            return out;
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    private static double[] channelMeans(List<int[]> frames) {
        double[] sum = new double[3];
        long count = 0;
        for (int[] f : frames) {
            for (int i = 0; i < f.length; i++) {
                sum[i % 3] += f[i];
            }
            count += f.length / 3;
        }
        return new double[] {sum[0] / count, sum[1] / count, sum[2] / count};
    }

    private static double meanAbsDiff(int[] x, int[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Math.abs(x[i] - y[i]);
        }
        return s / x.length;
    }
}
