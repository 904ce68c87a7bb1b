package io.darkroom.render;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.media.Probe;
import io.darkroom.media.SampleMedia;
import io.darkroom.media.StorageRoots;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Sample media, storage roots over it and a temp folder, and task builders for render tests. */
public final class RenderFixtures {
    static final String GOPRO = SampleMedia.GOPRO;
    static final String ANDROID_VFR = SampleMedia.ANDROID_VFR;
    static final String VP9_10BIT = SampleMedia.VP9_10BIT;
    static final String CORRUPT = SampleMedia.CORRUPT_VP9;

    final StorageRoots roots;
    final Path out;

    RenderFixtures(Path tempDir) {
        this.out = tempDir;
        this.roots = new StorageRoots(Map.of("media", mediaRoot(), "out", tempDir));
    }

    public static Path mediaRoot() {
        return SampleMedia.root();
    }

    static Path media(String relative) {
        return SampleMedia.file(relative);
    }

    static MediaInfo probe(String relative) {
        return Probe.probe(media(relative));
    }

    public static Path repoRoot() {
        return SampleMedia.repoRoot();
    }

    Path file(SourceRef ref) {
        return roots.resolveExisting(ref);
    }

    static RenderTask.RenderOutput output(String name, String preset, int width, int height) {
        return RenderTask.RenderOutput.of(name, preset, width, height);
    }

    static RenderTask video(
            String source,
            MediaInfo info,
            int index,
            long startUs,
            long endUs,
            long expected,
            String prefix,
            List<RenderTask.RenderOutput> outputs) {
        return new RenderTask(
                RenderTask.SCHEMA,
                "task-" + index,
                "job-" + prefix,
                "clip-1",
                1,
                RenderTask.TaskKind.VIDEO_SEGMENT,
                new SourceRef("media", source),
                index,
                startUs,
                endUs,
                expected,
                info.fpsNum(),
                info.fpsDen(),
                info.rotation(),
                outputs,
                new SourceRef("out", prefix + "/seg" + index),
                null,
                null,
                null,
                null,
                null);
    }

    static RenderTask audio(String source, String prefix, List<RenderTask.RenderOutput> outputs) {
        return new RenderTask(
                RenderTask.SCHEMA,
                "task-audio",
                "job-" + prefix,
                "clip-1",
                1,
                RenderTask.TaskKind.AUDIO,
                new SourceRef("media", source),
                0,
                0,
                Long.MAX_VALUE,
                0,
                30,
                1,
                0,
                outputs,
                new SourceRef("out", prefix + "/audio"),
                null,
                null,
                null,
                null,
                null);
    }

    static RenderContext context() {
        return new RenderContext("w-" + UUID.randomUUID().toString().substring(0, 8), 1, (d, t) -> {}, () -> false);
    }
}
