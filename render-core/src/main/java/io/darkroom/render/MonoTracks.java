package io.darkroom.render;

import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;

import io.darkroom.contracts.MediaInfo;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;

/**
 * Sound carried as several mono tracks (broadcast MXF and MOV: one PCM track per channel) is rendered as one stream
 * with a channel per track, in track order: every track for PCM outputs, the first two (left, right) for a stereo
 * review. The probe counts such a source's channels the same way ({@link MediaInfo#audioChannels()}).
 *
 * <p>The tracks are decoded side by side and their samples lined up here: each track's decoder gives frames of its
 * own size, so samples wait per track until every track has some, and a track that ends early is padded with silence.
 */
final class MonoTracks {
    private final float[][] buffered;
    private final int[] length;

    MonoTracks(int tracks) {
        buffered = new float[tracks][4096];
        length = new int[tracks];
    }

    /**
     * The stream indices of a source's audio tracks when it has two or more and all are mono at one sample rate (at
     * most {@link MediaInfo#MAX_MONO_TRACKS}); empty otherwise (the first audio stream is then the sound).
     */
    static List<Integer> of(AVFormatContext format) {
        List<Integer> audio = new ArrayList<>();
        int rate = -1;
        for (int i = 0; i < format.nb_streams(); i++) {
            AVCodecParameters p = format.streams(i).codecpar();
            if (p.codec_type() != AVMEDIA_TYPE_AUDIO) {
                continue;
            }
            if (p.ch_layout().nb_channels() != 1 || (rate >= 0 && rate != p.sample_rate())) {
                return List.of();
            }
            rate = p.sample_rate();
            audio.add(i);
        }
        return audio.size() > 1
                ? List.copyOf(audio.subList(0, Math.min(audio.size(), MediaInfo.MAX_MONO_TRACKS)))
                : List.of();
    }

    /** Adds a track's decoded samples (mono float). */
    void add(int track, FloatBuffer samples) {
        int n = samples.remaining();
        if (length[track] + n > buffered[track].length) {
            buffered[track] = Arrays.copyOf(buffered[track], Math.max(buffered[track].length * 2, length[track] + n));
        }
        samples.get(buffered[track], length[track], n);
        length[track] += n;
    }

    /** Samples waiting in a track. */
    int waiting(int track) {
        return length[track];
    }

    /**
     * Takes the samples every track has (or, once all ended, the longest track's, the others padded with silence):
     * one buffer per track, all the same length; empty buffers when there is nothing to take.
     */
    FloatBuffer[] take(boolean allEnded) {
        int n = allEnded
                ? Arrays.stream(length).max().orElse(0)
                : Arrays.stream(length).min().orElse(0);
        FloatBuffer[] out = new FloatBuffer[length.length];
        for (int t = 0; t < length.length; t++) {
            float[] chunk = new float[n];
            int have = Math.min(n, length[t]);
            System.arraycopy(buffered[t], 0, chunk, 0, have);
            System.arraycopy(buffered[t], have, buffered[t], 0, length[t] - have);
            length[t] -= have;
            out[t] = FloatBuffer.wrap(chunk);
        }
        return out;
    }
}
