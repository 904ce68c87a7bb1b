package io.darkroom.render;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.media.Probe;
import io.darkroom.media.StorageRoots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Shared media, storage roots over it and a temp folder, and task builders for render tests. */
public final class RenderFixtures {
    static final String GOPRO = "timecode/gopro_max_h264_tmcd_gpmf.mp4";
    static final String ANDROID_VFR = "phone/android12_h264_4k60_rot-90_vfr.mp4";
    static final String VP9_10BIT = "webm/vp9_profile2_10bit_roadtrip.webm";
    static final String CORRUPT = "corrupt/vp9_profile2_invalid_bitstream.webm";

    final StorageRoots roots;
    final Path out;

    RenderFixtures(Path tempDir) {
        this.out = tempDir;
        this.roots = new StorageRoots(Map.of("media", mediaRoot(), "out", tempDir));
    }

    public static Path mediaRoot() {
        return repoRoot().resolve("../shared/media").normalize();
    }

    static Path media(String relative) {
        return mediaRoot().resolve(relative);
    }

    static MediaInfo probe(String relative) {
        return Probe.probe(media(relative));
    }

    public static Path repoRoot() {
        String prop = System.getProperty("darkroom.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>darkroom-parent</artifactId>")
                        && !Files.readString(pom).contains("<relativePath>")) {
                    return d;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no darkroom-parent pom.xml above " + System.getProperty("user.dir"));
    }

    Path file(SourceRef ref) {
        return roots.resolveExisting(ref);
    }

    static RenderTask.RenderOutput output(String name, String preset, int width, int height) {
        return new RenderTask.RenderOutput(name, preset, width, height, null);
    }

    static RenderTask video(String source, MediaInfo info, int index, long startUs, long endUs, long expected,
            String prefix, List<RenderTask.RenderOutput> outputs) {
        return new RenderTask(RenderTask.SCHEMA, "task-" + index, "job-" + prefix, "clip-1", 1,
                RenderTask.TaskKind.VIDEO_SEGMENT, new SourceRef("media", source), index, startUs, endUs, expected,
                info.fpsNum(), info.fpsDen(), info.rotation(), outputs, new SourceRef("out", prefix + "/seg" + index));
    }

    static RenderTask audio(String source, String prefix, List<RenderTask.RenderOutput> outputs) {
        return new RenderTask(RenderTask.SCHEMA, "task-audio", "job-" + prefix, "clip-1", 1,
                RenderTask.TaskKind.AUDIO, new SourceRef("media", source), 0, 0, Long.MAX_VALUE, 0, 30, 1, 0,
                outputs, new SourceRef("out", prefix + "/audio"));
    }

    static RenderContext context() {
        return new RenderContext("w-" + UUID.randomUUID().toString().substring(0, 8), 1, (d, t) -> { }, () -> false);
    }
}
