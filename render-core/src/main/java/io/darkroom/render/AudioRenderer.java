package io.darkroom.render;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.RenderTask;
import io.darkroom.contracts.TaskEvent;
import io.darkroom.media.MediaReaders;
import io.darkroom.media.StorageRoots;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.jboss.logging.Logger;

/**
 * Renders one AUDIO task: the sound of the whole clip (its first audio stream, or its mono tracks side by side:
 * {@link MonoTracks}), once per distinct preset among the task's outputs (AAC stereo mixdown in .m4a for h264-review; PCM with every source channel, unmixed, in .mka for
 * ffv1-master (s16le) and the ProRes / DNxHR presets (s24le): the assembler copies it into the final MOV).
 * Every decoded sample is written, so the audio keeps the clip's duration.
 */
final class AudioRenderer {
    private static final Logger LOG = Logger.getLogger(AudioRenderer.class);
    private static final Set<Integer> AAC_RATES =
            Set.of(96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350);
    static final int AAC_BITRATE = 192_000;
    /** Samples per track lined up before they are written (mono tracks). */
    private static final int CHUNK = 4096;

    private final StorageRoots roots;

    AudioRenderer(StorageRoots roots) {
        this.roots = roots;
    }

    List<TaskEvent.SegmentFile> render(RenderTask task, RenderContext ctx, Path source, String label)
            throws RenderException, FrameGrabber.Exception, FrameRecorder.Exception {
        Map<Preset, String> presets = distinctPresets(task);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(MediaReaders.url(source))) {
            MediaReaders.grabberOptions().forEach(grabber::setOption);
            // the video stream stays selected (a file without any stream selected fails to open with a message
            // that cannot be told apart from corrupt input); grabSamples() skips video packets undecoded
            grabber.start();
            if (!grabber.hasAudio() || grabber.getAudioChannels() <= 0 || grabber.getSampleRate() <= 0) {
                throw new RenderException(FailureReason.UNSUPPORTED, label + ": the source has no audio stream", null);
            }
            List<Integer> tracks = MonoTracks.of(grabber.getFormatContext());
            int sourceChannels = tracks.isEmpty() ? grabber.getAudioChannels() : tracks.size();
            List<Encoded> outputs = new ArrayList<>();
            boolean done = false;
            try {
                for (Map.Entry<Preset, String> e : presets.entrySet()) {
                    outputs.add(open(task, ctx, e.getKey(), e.getValue(), grabber, sourceChannels));
                }
                long samples = tracks.isEmpty()
                        ? transcode(grabber, outputs, ctx, label)
                        : transcodeTracks(source, tracks, grabber, outputs, ctx, label);
                if (samples == 0) {
                    throw new RenderException(FailureReason.BAD_INPUT, label + ": no audio could be decoded", null);
                }
                List<TaskEvent.SegmentFile> files = new ArrayList<>();
                long durationUs = Math.round(samples * 1_000_000.0 / grabber.getSampleRate());
                for (Encoded o : outputs) {
                    o.recorder.close();
                    if (o.file.partPath().toString().endsWith(".mka.part")) {
                        MatroskaDurationFix.rewrite(o.file.partPath(), label);
                    }
                    files.add(new TaskEvent.SegmentFile(
                            o.file.output(), o.file.finalRef(), 0, durationUs, o.file.promote(), null));
                }
                LOG.debugf(
                        "%s: %d samples at %d Hz written to %d file(s)",
                        label, samples, grabber.getSampleRate(), files.size());
                done = true;
                return files;
            } finally {
                if (!done) {
                    outputs.forEach(Encoded::abandon);
                }
            }
        }
    }

    /** An output's audio file being written; {@code channels}: how many of the source's channels it takes. */
    private record Encoded(OutputFile file, FFmpegFrameRecorder recorder, int channels) {
        void abandon() {
            try {
                recorder.release();
            } catch (Exception | LinkageError e) {
                // the .part file goes below
            }
            file.discard();
        }
    }

    /** The first output name of each distinct preset, in task order. */
    private static Map<Preset, String> distinctPresets(RenderTask task) throws RenderException {
        Map<Preset, String> presets = new LinkedHashMap<>();
        for (RenderTask.RenderOutput out : task.outputs()) {
            presets.putIfAbsent(Presets.require(out.preset(), task), out.name());
        }
        return presets;
    }

    private Encoded open(
            RenderTask task,
            RenderContext ctx,
            Preset preset,
            String outputName,
            FFmpegFrameGrabber grabber,
            int sourceChannels)
            throws RenderException, FrameRecorder.Exception {
        String ext = audioExtension(preset);
        OutputFile file = OutputFile.create(
                roots, task.outputPrefix(), outputName, task.attempt(), ctx.delivery(), ctx.workerId(), ext);
        boolean aac = "aac".equals(preset.audioEncoder());
        int channels = preset.audioChannels().outputChannels(sourceChannels);
        int rate = !aac || AAC_RATES.contains(grabber.getSampleRate()) ? grabber.getSampleRate() : 48000;
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.partPath().toFile(), channels);
        r.setFormat(aac ? "ipod" : "matroska");
        r.setAudioCodecName(preset.audioEncoder());
        r.setSampleRate(rate);
        r.setAudioChannels(channels);
        if (aac) {
            r.setAudioBitrate(AAC_BITRATE);
        } else {
            // pcm_s24le takes 32-bit samples (the low byte dropped), pcm_s16le 16-bit ones
            r.setSampleFormat(preset.audioEncoder().equals("pcm_s24le") ? AV_SAMPLE_FMT_S32 : AV_SAMPLE_FMT_S16);
        }
        try {
            r.start();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            r.release();
            file.discard();
            throw e;
        }
        return new Encoded(file, r, channels);
    }

    static String audioExtension(Preset preset) {
        return preset.audioExtension();
    }

    private static long transcode(FFmpegFrameGrabber grabber, List<Encoded> outputs, RenderContext ctx, String label)
            throws RenderException, FrameGrabber.Exception, FrameRecorder.Exception {
        long totalUs = Math.max(0, grabber.getLengthInTime());
        ProgressReporter progress = new ProgressReporter(ctx.progress(), totalUs);
        long samples = 0;
        Frame f;
        while ((f = grabber.grabSamples()) != null) {
            if (ctx.cancelled().getAsBoolean()) {
                throw new RenderException(FailureReason.INTERNAL, "cancelled", null);
            }
            if (f.samples == null) {
                continue;
            }
            for (Encoded o : outputs) {
                o.recorder.recordSamples(f.sampleRate, f.audioChannels, f.samples);
            }
            samples += samplesIn(f);
            progress.update(Math.round(samples * 1_000_000.0 / grabber.getSampleRate()));
        }
        progress.finish(Math.round(samples * 1_000_000.0 / Math.max(1, grabber.getSampleRate())));
        return samples;
    }

    /**
     * Sound in mono tracks: one decoder per track (float samples), lined up by {@link MonoTracks}, each output given
     * its first {@link Encoded#channels()} tracks as planar channels.
     */
    private static long transcodeTracks(
            Path source,
            List<Integer> tracks,
            FFmpegFrameGrabber first,
            List<Encoded> outputs,
            RenderContext ctx,
            String label)
            throws RenderException, FrameGrabber.Exception, FrameRecorder.Exception {
        int rate = first.getSampleRate();
        ProgressReporter progress = new ProgressReporter(ctx.progress(), Math.max(0, first.getLengthInTime()));
        List<FFmpegFrameGrabber> decoders = new ArrayList<>();
        try {
            for (int stream : tracks) {
                FFmpegFrameGrabber g = new FFmpegFrameGrabber(MediaReaders.url(source));
                decoders.add(g);
                MediaReaders.grabberOptions().forEach(g::setOption);
                g.setAudioStream(stream);
                g.setSampleMode(FrameGrabber.SampleMode.FLOAT);
                g.start();
            }
            MonoTracks lined = new MonoTracks(tracks.size());
            boolean[] ended = new boolean[tracks.size()];
            long samples = 0;
            while (true) {
                if (ctx.cancelled().getAsBoolean()) {
                    throw new RenderException(FailureReason.INTERNAL, "cancelled", null);
                }
                boolean allEnded = true;
                for (int t = 0; t < decoders.size(); t++) {
                    while (!ended[t] && lined.waiting(t) < CHUNK) {
                        Frame f = decoders.get(t).grabSamples();
                        if (f == null) {
                            ended[t] = true;
                        } else if (f.samples != null) {
                            lined.add(t, (FloatBuffer) f.samples[0]);
                        }
                    }
                    allEnded &= ended[t];
                }
                FloatBuffer[] chunk = lined.take(allEnded);
                int n = chunk[0].remaining();
                if (n == 0) {
                    if (allEnded) {
                        break;
                    }
                    continue;
                }
                for (Encoded o : outputs) {
                    FloatBuffer[] planes = new FloatBuffer[o.channels()];
                    for (int c = 0; c < planes.length; c++) {
                        planes[c] = chunk[c].duplicate();
                    }
                    o.recorder.recordSamples(rate, planes.length, planes);
                }
                samples += n;
                progress.update(Math.round(samples * 1_000_000.0 / rate));
            }
            progress.finish(Math.round(samples * 1_000_000.0 / Math.max(1, rate)));
            LOG.debugf("%s: %d mono tracks lined up as %d channels", label, tracks.size(), tracks.size());
            return samples;
        } finally {
            for (FFmpegFrameGrabber g : decoders) {
                try {
                    g.close();
                } catch (Exception e) {
                    LOG.debugf("%s: closing a track decoder: %s", label, e.getMessage());
                }
            }
        }
    }

    /** Samples per channel in a decoded audio frame (planar: one buffer per channel; packed: interleaved). */
    static long samplesIn(Frame f) {
        Buffer b = f.samples[0];
        int n = b.limit() - b.position();
        return f.samples.length > 1 || f.audioChannels <= 1 ? n : n / f.audioChannels;
    }
}
