package io.darkroom.render;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.media.Probe;
import io.darkroom.media.StorageRoots;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Render-only speed of one video segment through the worker's renderer ({@link JavacvTaskRenderer}: seek, decode,
 * scale, encode, close), in one warm JVM, as {@code bench/render-segment} runs it beside ffmpeg running the same graph.
 * Not a test (a {@code main} in the test sources, so that it is built with them and needs no service):
 *
 * <pre>
 * java -cp ... io.darkroom.render.SegmentBench SOURCE START_FRAME FRAMES WIDTH HEIGHT THREADS RUNS OUT_DIR
 * </pre>
 *
 * <p>Prints one line per run ({@code run N: S s, F fps, cpu C s, open/setup/frames/close ms}; cpu = the JVM's own
 * CPU over the run, all its threads), the first being the JVM's warm-up, then {@code median (runs 2..N): S s, cpu C s}.
 */
public final class SegmentBench {
    private SegmentBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            throw new IllegalArgumentException(
                    "usage: SegmentBench SOURCE START_FRAME FRAMES WIDTH HEIGHT THREADS RUNS OUT_DIR");
        }
        Path source = Path.of(args[0]).toAbsolutePath();
        long startFrame = Long.parseLong(args[1]);
        long frames = Long.parseLong(args[2]);
        int width = Integer.parseInt(args[3]);
        int height = Integer.parseInt(args[4]);
        String threads = args[5];
        int runs = Integer.parseInt(args[6]);
        Path out = Files.createDirectories(Path.of(args[7]).toAbsolutePath());

        MediaInfo info = Probe.probe(source);
        // cut half a frame before the first and after the last frame, as the planner cuts (SegmentWindow)
        long halfFrameUs = 500_000L * info.fpsDen() / info.fpsNum();
        long startUs = startFrame * 1_000_000L * info.fpsDen() / info.fpsNum() - halfFrameUs;
        long endUs = (startFrame + frames) * 1_000_000L * info.fpsDen() / info.fpsNum() - halfFrameUs;
        StorageRoots roots = new StorageRoots(Map.of("src", source.getParent(), "out", out));
        JavacvTaskRenderer renderer = new JavacvTaskRenderer(roots, threads);
        List<Double> seconds = new ArrayList<>();
        List<Double> cpuSeconds = new ArrayList<>();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int run = 1; run <= runs; run++) {
            RenderTask task = new RenderTask(
                    RenderTask.SCHEMA,
                    "bench-task-" + run,
                    "bench-job",
                    "bench-clip",
                    1,
                    RenderTask.TaskKind.VIDEO_SEGMENT,
                    new SourceRef("src", source.getFileName().toString()),
                    run,
                    startUs,
                    endUs,
                    frames,
                    info.fpsNum(),
                    info.fpsDen(),
                    info.rotation(),
                    List.of(RenderTask.RenderOutput.of("review", "h264-review", width, height)),
                    new SourceRef("out", "segment-bench/run" + run),
                    null,
                    null,
                    null,
                    null,
                    null);
            Map<RenderPhase, Long> phases = new EnumMap<>(RenderPhase.class);
            RenderContext ctx = new RenderContext("bench", 1, (done, total) -> {}, () -> false, phases::put);
            long t0 = System.nanoTime();
            long cpu0 = os.getProcessCpuTime();
            var files = renderer.render(task, ctx);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            if (run == 1) {
                for (var f : files) {
                    Path written = roots.resolveExisting(f.file());
                    System.out.printf(
                            Locale.ROOT,
                            "written: %s, %d frames (probed)%n",
                            written.getFileName(),
                            Probe.probeOutput(written).frameCount());
                }
            }
            if (run > 1 || runs == 1) {
                seconds.add(s);
                cpuSeconds.add(cpu);
            }
            System.out.printf(
                    Locale.ROOT,
                    "run %d: %.3f s, %.1f fps, cpu %.3f s, open %d setup %d frames %d close %d ms%n",
                    run,
                    s,
                    frames / s,
                    cpu,
                    ms(phases, RenderPhase.OPEN),
                    ms(phases, RenderPhase.SETUP),
                    ms(phases, RenderPhase.FRAMES),
                    ms(phases, RenderPhase.CLOSE));
        }
        System.out.printf(
                Locale.ROOT, "median (runs 2..%d): %.3f s, cpu %.3f s%n", runs, median(seconds), median(cpuSeconds));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long ms(Map<RenderPhase, Long> phases, RenderPhase phase) {
        return phases.getOrDefault(phase, 0L) / 1_000_000;
    }
}
