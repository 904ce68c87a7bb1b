package io.darkroom.render.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.SourceRef;
import io.darkroom.media.Ffmpeg;
import io.darkroom.recipe.ops.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avfilter.AVFilterGraph;
import org.bytedeco.ffmpeg.global.avfilter;
import org.bytedeco.javacpp.PointerPointer;

/** Shared helpers for the ops tests: repo paths, raw frames through the ffmpeg CLI, graph parsing. */
final class OpsTestSupport {
    static final String LOGC = TestFiles.LOGC;

    private OpsTestSupport() {}

    static Path mediaRoot() {
        return io.darkroom.render.RenderFixtures.mediaRoot();
    }

    /** An environment whose resolver knows root "media" (the sample media) and "tmp" (the test's folder). */
    static OpsEnvironment env(Path tmp, int bakeSize) {
        return new OpsEnvironment(
                tmp.resolve("work"), OpsEnvironment.defaultFont(), ref -> resolve(tmp, ref), bakeSize);
    }

    static Path resolve(Path tmp, SourceRef ref) {
        return TestFiles.resolve(mediaRoot(), tmp, ref);
    }

    /** Runs raw frames through a graph with the bundled ffmpeg; returns the raw output bytes. */
    static byte[] run(Path tmp, byte[] input, String inFmt, int w, int h, String graph, String outFmt) {
        try {
            Path in = Files.createTempFile(tmp, "in-", ".raw");
            Path out = tmp.resolve(in.getFileName() + ".out.raw");
            Files.write(in, input);
            List<String> args = new ArrayList<>(List.of(
                    "-v",
                    "error",
                    "-f",
                    "rawvideo",
                    "-pix_fmt",
                    inFmt,
                    "-video_size",
                    w + "x" + h,
                    "-framerate",
                    "30000/1001",
                    "-i",
                    in.toString(),
                    "-vf",
                    graph,
                    "-f",
                    "rawvideo",
                    "-pix_fmt",
                    outFmt,
                    "-y",
                    out.toString()));
            Ffmpeg.Result r = Ffmpeg.ffmpeg(args, Duration.ofSeconds(60));
            assertThat(r.ok())
                    .as("ffmpeg failed: %s\ngraph: %s", r.stderr(), graph)
                    .isTrue();
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Packed rgb48le bytes from 16-bit values r,g,b per pixel. */
    static byte[] rgb48(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    static int[] rgb48(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] v = new int[bytes.length / 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getShort() & 0xFFFF;
        }
        return v;
    }

    /** Parses (and initialises) a graph description with libavfilter; returns the number of filters. */
    static int filterCount(String graph) {
        AVFilterGraph g = avfilter.avfilter_graph_alloc();
        PointerPointer<?> inputs = new PointerPointer<>(1);
        PointerPointer<?> outputs = new PointerPointer<>(1);
        try {
            int rc = avfilter.avfilter_graph_parse2(g, new org.bytedeco.javacpp.BytePointer(graph), inputs, outputs);
            assertThat(rc).as("avfilter_graph_parse2 of %s", graph).isGreaterThanOrEqualTo(0);
            return g.nb_filters();
        } finally {
            avfilter.avfilter_inout_free(inputs);
            avfilter.avfilter_inout_free(outputs);
            avfilter.avfilter_graph_free(g);
        }
    }
}
