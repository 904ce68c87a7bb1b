package io.darkroom.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;

/**
 * The ffmpeg and ffprobe programs bundled in the JavaCV FFmpeg jar, unpacked by JavaCPP into its cache folder.
 * Used for probing, stream-copy assembly and QC; frame processing happens in-process in render workers.
 */
public final class Ffmpeg {
    private static volatile Path ffmpeg;
    private static volatile Path ffprobe;

    private Ffmpeg() {}

    /** Output of a finished program run. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** The last lines of stderr, for error messages. */
        public String stderrTail() {
            String[] lines = stderr.strip().split("\n");
            int from = Math.max(0, lines.length - 5);
            return String.join(" | ", List.of(lines).subList(from, lines.length))
                    .strip();
        }
    }

    public static synchronized Path ffmpegBinary() {
        if (ffmpeg == null) {
            ffmpeg = Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
        }
        return ffmpeg;
    }

    public static synchronized Path ffprobeBinary() {
        if (ffprobe == null) {
            ffprobe = Path.of(Loader.load(org.bytedeco.ffmpeg.ffprobe.class));
        }
        return ffprobe;
    }

    /** Runs ffmpeg with {@code -hide_banner -nostdin} and the given arguments. */
    public static Result ffmpeg(List<String> args, Duration timeout) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ffmpegBinary().toString());
        cmd.add("-hide_banner");
        cmd.add("-nostdin");
        cmd.addAll(args);
        return run(cmd, timeout);
    }

    /** Runs ffprobe with the given arguments. */
    public static Result ffprobe(List<String> args, Duration timeout) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ffprobeBinary().toString());
        cmd.addAll(args);
        return run(cmd, timeout);
    }

    /**
     * Runs one of the bundled programs with LD_LIBRARY_PATH set to its own folder (the programs find their
     * shared libraries there). A run past its timeout is killed and reported with exit code 124.
     */
    public static Result run(List<String> cmd, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        String libDir = Path.of(cmd.get(0)).getParent().toString();
        String existing = System.getenv("LD_LIBRARY_PATH");
        pb.environment()
                .put("LD_LIBRARY_PATH", existing == null || existing.isBlank() ? libDir : libDir + ":" + existing);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd.get(0), e);
        }
        try {
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> slurp(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> slurp(p.getErrorStream()));
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                return new Result(
                        124, out.getNow(""), "timed out after " + timeout.toSeconds() + " s: " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd.get(0), e);
        } catch (InterruptedException e) {
            // a caller that gave up (a deadline, a cancel) takes the process down with it
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd.get(0), e);
        }
    }

    private static String slurp(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
