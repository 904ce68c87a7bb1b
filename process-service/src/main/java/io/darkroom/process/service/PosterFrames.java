package io.darkroom.process.service;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.media.Ffmpeg;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Poster frames grabbed as soon as their clip's review output is joined ({@link #ahead}), beside that output's QC and
 * while the job's other clips still render, instead of one after another once the job's last clip is done: the
 * finishing then only moves each into place ({@link #take}). A dailies job of a hundred takes paid a hundred ffmpeg
 * runs (about 0.2 s each) after its last clip. A poster not taken (its clip failed QC, the output changed, this
 * process restarted) costs nothing but its grab: the finishing makes it itself, as before. At most
 * {@value #MAX_AHEAD} wait at once (the oldest go first); each is a small JPEG in a folder of this process's own.
 */
@ApplicationScoped
public class PosterFrames {
    private static final Logger LOG = Logger.getLogger(PosterFrames.class);
    /** Posters grabbed and not yet taken, at most. */
    static final int MAX_AHEAD = 256;

    private static final Duration GRAB_TIMEOUT = Duration.ofMinutes(2);

    /**
     * Square pixels at the picture's display aspect (an output kept anamorphic is stretched as players show it), at
     * most 1280 wide, full-range 4:2:0 for the JPEG encoder.
     */
    static final String FILTER =
            "scale=w='trunc(iw*sar/2)*2':h=ih,setsar=1,scale=w='min(1280,iw)':h=-2," + "format=yuvj420p";

    private final ExecutorService grabber = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "darkroom-posters");
        t.setDaemon(true);
        return t;
    });
    private final Map<Path, Ahead> waiting = new LinkedHashMap<>();
    private final AtomicLong taken = new AtomicLong();
    private Path folder;

    /** A poster being grabbed from an output as it was ({@code stamp}) when it was asked for. */
    private record Ahead(UUID jobId, FileStamp stamp, double seconds, Path file, Future<?> grab) {}

    /**
     * The output a clip's poster is taken from, in order of preference: its h264-review outputs, then the rest (the
     * finishing takes the first that exists).
     */
    static List<RenderOutput> sources(List<RenderOutput> outputs) {
        List<RenderOutput> ordered = new ArrayList<>();
        outputs.stream().filter(o -> Preset.H264_REVIEW.id().equals(o.preset())).forEach(ordered::add);
        outputs.stream()
                .filter(o -> !Preset.H264_REVIEW.id().equals(o.preset()))
                .forEach(ordered::add);
        return ordered;
    }

    /** Where in the clip the poster is: {@code posterAt} (0..1) of its duration, in seconds. */
    static double seconds(MediaInfo m, double posterAt) {
        return Math.max(0, posterAt) * m.frameCount() * m.fpsDen() / (double) m.fpsNum();
    }

    /** Starts grabbing {@code output}'s poster at {@code seconds} on this service's poster thread. */
    void ahead(UUID jobId, Path output, double seconds) {
        Path file;
        FileStamp stamp;
        try {
            stamp = FileStamp.of(output);
            file = folder().resolve(UUID.randomUUID() + ".jpg");
        } catch (IOException | UncheckedIOException e) {
            LOG.debugf("job %s: no poster ahead for %s: %s", jobId, output.getFileName(), e.getMessage());
            return;
        }
        synchronized (this) {
            if (waiting.containsKey(output)) {
                return;
            }
            while (waiting.size() >= MAX_AHEAD) {
                Iterator<Map.Entry<Path, Ahead>> eldest = waiting.entrySet().iterator();
                discard(eldest.next().getValue());
                eldest.remove();
            }
            Future<?> grab = grabber.submit(() -> grab(output, seconds, file));
            waiting.put(output, new Ahead(jobId, stamp, seconds, file, grab));
        }
    }

    /**
     * Moves the poster grabbed ahead for {@code output} at {@code seconds} to {@code target} (waiting for it if it is
     * still being grabbed); false when there is none to take, it failed, or the output changed since: the caller makes
     * it itself.
     */
    boolean take(Path output, double seconds, Path target) {
        Ahead a;
        synchronized (this) {
            a = waiting.remove(output);
        }
        if (a == null) {
            return false;
        }
        try {
            if (a.seconds() != seconds || !FileStamp.of(output).equals(a.stamp())) {
                discard(a);
                return false;
            }
            a.grab().get(GRAB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Files.move(a.file(), target);
            taken.incrementAndGet();
            return true;
        } catch (ExecutionException | TimeoutException | IOException | RuntimeException e) {
            LOG.debugf("poster of %s grabbed ahead not used: %s", output.getFileName(), e.toString());
            discard(a);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(a);
            return false;
        }
    }

    /** Drops whatever was grabbed ahead for a job and not taken (its finishing is over). */
    void forget(UUID jobId) {
        List<Ahead> dropped = new ArrayList<>();
        synchronized (this) {
            waiting.values().removeIf(a -> {
                if (a.jobId().equals(jobId)) {
                    dropped.add(a);
                    return true;
                }
                return false;
            });
        }
        dropped.forEach(this::discard);
    }

    /** Posters the finishing took from here rather than made itself, since this process started. */
    public long taken() {
        return taken.get();
    }

    /** Grabs one frame of {@code from} at {@code seconds} as a JPEG at {@code target} (never overwriting). */
    static void grab(Path from, double seconds, Path target) {
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of(
                        "-v",
                        "error",
                        "-n",
                        "-ss",
                        String.format(Locale.ROOT, "%.3f", seconds),
                        "-i",
                        from.toString(),
                        "-frames:v",
                        "1",
                        "-an",
                        "-sn",
                        "-dn",
                        "-vf",
                        FILTER,
                        "-q:v",
                        "3",
                        target.toString()),
                GRAB_TIMEOUT);
        if (!r.ok() || !Files.isRegularFile(target)) {
            throw new IllegalStateException("ffmpeg: " + r.stderrTail());
        }
    }

    private void discard(Ahead a) {
        if (a.grab().cancel(false) || a.grab().isDone()) {
            deleteQuietly(a.file());
        } else {
            // being grabbed: removed right after, on the same (single) thread
            try {
                grabber.execute(() -> deleteQuietly(a.file()));
            } catch (RuntimeException e) {
                deleteQuietly(a.file()); // shutting down
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("cannot remove %s: %s", file, e.getMessage());
        }
    }

    private synchronized Path folder() {
        if (folder == null) {
            try {
                folder = Files.createTempDirectory("darkroom-posters-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    @PreDestroy
    void shutdown() {
        grabber.shutdownNow();
        synchronized (this) {
            waiting.clear();
            if (folder != null) {
                try (var files = Files.list(folder)) {
                    files.forEach(PosterFrames::deleteQuietly);
                } catch (IOException e) {
                    LOG.debugf("cannot list %s: %s", folder, e.getMessage());
                }
                deleteQuietly(folder);
            }
        }
    }
}
