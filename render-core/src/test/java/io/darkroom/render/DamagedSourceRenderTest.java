package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.media.DamagedSources;
import io.darkroom.media.Ffmpeg;
import io.darkroom.media.Keyframes;
import io.darkroom.media.Probe;
import io.darkroom.media.assembly.AssemblyRequest;
import io.darkroom.media.assembly.SegmentAssembler;
import io.darkroom.media.plan.SegmentPlan;
import io.darkroom.media.plan.SegmentPlanner;
import io.darkroom.media.qc.OutputVerifier;
import io.darkroom.media.qc.QcExpectation;
import io.darkroom.media.qc.QcReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged sources (generated: {@link DamagedSources}) planned, rendered in several segments by the real renderer,
 * assembled and checked by the one QC: the output holds every decodable picture of the source and passes QC, where
 * counting packets would have failed it.
 */
class DamagedSourceRenderTest {
    private static final int W = 128;
    private static final int H = 72;

    @TempDir
    Path temp;

    /** Pictures FFmpeg itself decodes from {@code file}'s first video stream. */
    private static long decodedPictures(Path file) {
        Ffmpeg.Result r = Ffmpeg.ffprobe(
                List.of(
                        "-v",
                        "quiet",
                        "-select_streams",
                        "v:0",
                        "-count_frames",
                        "-show_entries",
                        "stream=nb_read_frames",
                        "-of",
                        "csv=p=0",
                        file.toString()),
                Duration.ofMinutes(1));
        assertThat(r.ok()).isTrue();
        return Long.parseLong(r.stdout().strip().split("\n")[0].split(",")[0]);
    }

    /**
     * Plans {@code name} with keyframe snapping, renders each segment (and the audio from the first decodable
     * picture on, as the planner asks), assembles, returns the QC of the output.
     */
    private QcReport renderAndCheck(GeneratedClips clips, String name, MediaInfo info) throws Exception {
        Path src = clips.file(name);
        List<SegmentPlan> plan = SegmentPlanner.plan(info, 12, Keyframes.of(src));
        assertThat(plan).hasSizeGreaterThan(1);
        RenderTask.RenderOutput review = RenderTask.RenderOutput.of("review", "h264-review", W, H);
        JavacvTaskRenderer renderer = new JavacvTaskRenderer(clips.roots);
        List<Path> segments = new ArrayList<>();
        long rendered = 0;
        for (SegmentPlan seg : plan) {
            RenderTask task = new RenderTask(
                    RenderTask.SCHEMA,
                    "task-" + seg.index(),
                    "job-damaged",
                    "clip-1",
                    1,
                    RenderTask.TaskKind.VIDEO_SEGMENT,
                    new SourceRef("media", name),
                    seg.index(),
                    seg.startUs(),
                    seg.endUs(),
                    seg.expectedFrames(),
                    info.fpsNum(),
                    info.fpsDen(),
                    info.rotation(),
                    List.of(review),
                    new SourceRef("out", name + "/seg" + seg.index()),
                    null,
                    null,
                    null,
                    null,
                    null);
            TaskEvent.SegmentFile f =
                    renderer.render(task, RenderFixtures.context()).get(0);
            assertThat(f.frames()).as("segment %d", seg.index()).isEqualTo(seg.expectedFrames());
            rendered += f.frames();
            segments.add(clips.roots.resolveExisting(f.file()));
        }
        assertThat(rendered).isEqualTo(info.frameCount());
        Path audio = null;
        if (info.hasAudio()) {
            RenderTask task = new RenderTask(
                    RenderTask.SCHEMA,
                    "task-audio",
                    "job-damaged",
                    "clip-1",
                    1,
                    RenderTask.TaskKind.AUDIO,
                    new SourceRef("media", name),
                    0,
                    info.startUs(),
                    Long.MAX_VALUE,
                    0,
                    info.fpsNum(),
                    info.fpsDen(),
                    info.rotation(),
                    List.of(review),
                    new SourceRef("out", name + "/audio"),
                    null,
                    null,
                    null,
                    null,
                    null);
            audio = clips.roots.resolveExisting(
                    renderer.render(task, RenderFixtures.context()).get(0).file());
        }
        Preset preset = Preset.byId("h264-review").orElseThrow();
        Path target = clips.out.resolve(name + "-review.mp4");
        SegmentAssembler.assemble(new AssemblyRequest(segments, audio, target, preset, null, Map.of()));
        assertThat(decodedPictures(target)).as("pictures in the output").isEqualTo(decodedPictures(src));
        return OutputVerifier.verify(target, QcExpectation.forOutput(info, preset, W, H));
    }

    @Test
    void aTransportStreamStartingMidGopRendersEveryDecodablePictureAndPassesQc() throws Exception {
        GeneratedClips clips = new GeneratedClips(temp);
        Path src = DamagedSources.startingMidGop(clips.media, "mpegts", false);
        MediaInfo info = Probe.probe(src);
        assertThat(info.damage()).singleElement().asString().endsWith("leading packets undecodable (starts mid-GOP)");

        QcReport qc = renderAndCheck(clips, src.getFileName().toString(), info);

        assertThat(qc.problems()).isEmpty();
        assertThat(qc.frames()).isEqualTo(decodedPictures(src));
    }

    @Test
    void aTransportStreamWithAudioStartingMidGopKeepsItsSoundAndPassesQc() throws Exception {
        GeneratedClips clips = new GeneratedClips(temp);
        Path src = DamagedSources.startingMidGop(clips.media, "mpegts", true);
        MediaInfo info = Probe.probe(src);
        assertThat(info.hasAudio()).isTrue();
        assertThat(info.damaged()).isTrue();

        QcReport qc = renderAndCheck(clips, src.getFileName().toString(), info);

        assertThat(qc.problems()).isEmpty();
        assertThat(qc.audioStreams()).isEqualTo(1);
        assertThat(qc.audioChannels()).isEqualTo(2);
    }

    @Test
    void anMp4StartingMidGopRendersEveryDecodablePictureAndPassesQc() throws Exception {
        GeneratedClips clips = new GeneratedClips(temp);
        Path src = DamagedSources.startingMidGop(clips.media, "mp4", false);
        MediaInfo info = Probe.probe(src);
        assertThat(info.damage()).singleElement().asString().endsWith("leading packets undecodable (starts mid-GOP)");

        QcReport qc = renderAndCheck(clips, src.getFileName().toString(), info);

        assertThat(qc.problems()).isEmpty();
        assertThat(qc.frames()).isEqualTo(decodedPictures(src));
    }

    @Test
    void anMp4WithACutOffMdatRendersEveryDecodablePictureAndPassesQc() throws Exception {
        GeneratedClips clips = new GeneratedClips(temp);
        Path src = DamagedSources.truncatedMp4(clips.media, false, 75);
        MediaInfo info = Probe.probe(src);
        assertThat(info.damage()).containsExactly("source truncated after frame " + decodedPictures(src));

        QcReport qc = renderAndCheck(clips, src.getFileName().toString(), info);

        assertThat(qc.problems()).isEmpty();
        assertThat(qc.frames()).isLessThan(DamagedSources.INTACT_FRAMES);
    }
}
