package io.darkroom.contracts;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The output presets Darkroom knows. Each fixes container, codec and audio handling; a recipe output
 * picks one by name and may override size and quality.
 */
public enum Preset {
    /** H.264 High in MP4, yuv420p, x264 veryfast CRF 20, AAC stereo. Review proxies. */
    H264_REVIEW("h264-review", "mp4", "h264", "libx264", "yuv420p", "aac", 20, "veryfast"),
    /** FFV1 in Matroska, lossless, PCM audio. Exactness tests and archival masters. */
    FFV1_MASTER("ffv1-master", "mkv", "ffv1", "ffv1", "yuv420p", "pcm_s16le", null, null);

    private final String id;
    private final String extension;
    private final String codecName;
    private final String encoder;
    private final String pixelFormat;
    private final String audioEncoder;
    private final Integer defaultCrf;
    private final String x264Preset;

    Preset(String id, String extension, String codecName, String encoder, String pixelFormat, String audioEncoder,
            Integer defaultCrf, String x264Preset) {
        this.id = id;
        this.extension = extension;
        this.codecName = codecName;
        this.encoder = encoder;
        this.pixelFormat = pixelFormat;
        this.audioEncoder = audioEncoder;
        this.defaultCrf = defaultCrf;
        this.x264Preset = x264Preset;
    }

    public static Optional<Preset> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Preset::id).toList();
    }

    public String id() {
        return id;
    }

    /** File extension of the final output, without the dot. */
    public String extension() {
        return extension;
    }

    /** Codec name as ffprobe reports it for the output video stream. */
    public String codecName() {
        return codecName;
    }

    /** FFmpeg encoder name. */
    public String encoder() {
        return encoder;
    }

    public String pixelFormat() {
        return pixelFormat;
    }

    public String audioEncoder() {
        return audioEncoder;
    }

    /** Default CRF, null for codecs without one. */
    public Integer defaultCrf() {
        return defaultCrf;
    }

    /** x264 speed preset, null for other encoders. */
    public String x264Preset() {
        return x264Preset;
    }
}
