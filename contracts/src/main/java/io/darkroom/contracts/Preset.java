package io.darkroom.contracts;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The output presets Darkroom knows. Each fixes container, codec and audio handling; a recipe output
 * picks one by name and may override size and (for CRF codecs only) quality.
 *
 * <p>Segments are written in the preset's own container ({@link #extension()}) and joined by stream copy, so the
 * final output has the same extension. Audio tasks write {@link #audioExtension()} files, muxed in by stream copy.
 *
 * <table>
 * <caption>presets</caption>
 * <tr><th>id</th><th>container</th><th>video</th><th>pix_fmt</th><th>audio</th><th>quality</th></tr>
 * <tr><td>h264-review</td><td>mp4</td><td>libx264 High, veryfast</td><td>yuv420p</td><td>AAC 192k stereo mixdown</td>
 * <td>crf 20 (0..51)</td></tr>
 * <tr><td>ffv1-master</td><td>mkv</td><td>ffv1 level 3</td><td>yuv420p</td><td>PCM s16le, all channels</td>
 * <td>lossless</td></tr>
 * <tr><td>prores-proxy/lt/422/hq</td><td>mov</td><td>prores_ks profile 0/1/2/3</td><td>yuv422p10le</td>
 * <td>PCM s24le, all channels</td><td>by profile</td></tr>
 * <tr><td>dnxhr-lb/sq/hq</td><td>mov</td><td>dnxhd profile dnxhr_lb/sq/hq</td><td>yuv422p</td>
 * <td>PCM s24le, all channels</td><td>by profile; at least 256x120</td></tr>
 * </table>
 *
 * <p>DNxHR goes in MOV, not MXF: FFmpeg's MXF muxer refuses frame rates outside the broadcast list (a conformed
 * VFR phone clip runs at its average rate, e.g. 59.3 fps) and audio other than 48 kHz, and MOV carries a tmcd track
 * and a reel name like the ProRes outputs do.
 */
public enum Preset {
    /** H.264 High in MP4, yuv420p, x264 veryfast CRF 20, AAC stereo. Review proxies. */
    H264_REVIEW(
            "h264-review",
            "mp4",
            "h264",
            "libx264",
            "yuv420p",
            "aac",
            20,
            "veryfast",
            new Video("high", "High", false, 0, 51, 0, 0),
            AudioChannels.STEREO_MIXDOWN,
            "m4a",
            false),
    /** FFV1 in Matroska, lossless, PCM audio. Exactness tests and archival masters. */
    FFV1_MASTER(
            "ffv1-master",
            "mkv",
            "ffv1",
            "ffv1",
            "yuv420p",
            "pcm_s16le",
            null,
            null,
            new Video(null, null, true, null, null, 0, 0),
            AudioChannels.ALL_SOURCE,
            "mka",
            false),
    /** ProRes 422 Proxy (prores_ks profile 0) in MOV, 10-bit 4:2:2, PCM 24-bit with every source channel. */
    PRORES_PROXY(
            "prores-proxy",
            "mov",
            "prores",
            "prores_ks",
            "yuv422p10le",
            "pcm_s24le",
            null,
            null,
            Video.prores("0", "Proxy"),
            AudioChannels.ALL_SOURCE,
            "mka",
            true),
    /** ProRes 422 LT (profile 1). */
    PRORES_LT(
            "prores-lt",
            "mov",
            "prores",
            "prores_ks",
            "yuv422p10le",
            "pcm_s24le",
            null,
            null,
            Video.prores("1", "LT"),
            AudioChannels.ALL_SOURCE,
            "mka",
            true),
    /** ProRes 422 (profile 2, "Standard"). */
    PRORES_422(
            "prores-422",
            "mov",
            "prores",
            "prores_ks",
            "yuv422p10le",
            "pcm_s24le",
            null,
            null,
            Video.prores("2", "Standard"),
            AudioChannels.ALL_SOURCE,
            "mka",
            true),
    /** ProRes 422 HQ (profile 3). */
    PRORES_HQ(
            "prores-hq",
            "mov",
            "prores",
            "prores_ks",
            "yuv422p10le",
            "pcm_s24le",
            null,
            null,
            Video.prores("3", "HQ"),
            AudioChannels.ALL_SOURCE,
            "mka",
            true),
    /** Avid DNxHR LB (low bandwidth, offline editing) in MOV, 8-bit 4:2:2, PCM 24-bit with every source channel. */
    DNXHR_LB(
            "dnxhr-lb",
            "mov",
            "dnxhd",
            "dnxhd",
            "yuv422p",
            "pcm_s24le",
            null,
            null,
            Video.dnxhr("dnxhr_lb", "DNXHR LB"),
            AudioChannels.ALL_SOURCE,
            "mka",
            true),
    /** Avid DNxHR SQ (standard quality). */
    DNXHR_SQ(
            "dnxhr-sq",
            "mov",
            "dnxhd",
            "dnxhd",
            "yuv422p",
            "pcm_s24le",
            null,
            null,
            Video.dnxhr("dnxhr_sq", "DNXHR SQ"),
            AudioChannels.ALL_SOURCE,
            "mka",
            true),
    /** Avid DNxHR HQ (high quality, 8-bit). */
    DNXHR_HQ(
            "dnxhr-hq",
            "mov",
            "dnxhd",
            "dnxhd",
            "yuv422p",
            "pcm_s24le",
            null,
            null,
            Video.dnxhr("dnxhr_hq", "DNXHR HQ"),
            AudioChannels.ALL_SOURCE,
            "mka",
            true);

    /** What an output does with the source's audio channels. */
    public enum AudioChannels {
        /** At most two channels: mono stays mono, more than two are mixed down to stereo. */
        STEREO_MIXDOWN,
        /** Every channel of the source's sound ({@code MediaInfo.audioChannels}: its mono tracks side by side), in order, unmixed. */
        ALL_SOURCE;

        /** Channels an output gets from a source stream with {@code sourceChannels} channels. */
        public int outputChannels(int sourceChannels) {
            return this == STEREO_MIXDOWN ? Math.min(2, sourceChannels) : sourceChannels;
        }
    }

    /** Video encoder details beyond the codec. */
    private record Video(
            String profile,
            String probeProfile,
            boolean intraOnly,
            Integer minCrf,
            Integer maxCrf,
            int minWidth,
            int minHeight) {
        static Video prores(String profile, String probeProfile) {
            return new Video(profile, probeProfile, true, null, null, 0, 0);
        }

        static Video dnxhr(String profile, String probeProfile) {
            // FFmpeg's dnxhd encoder refuses DNxHR pictures smaller than 256x120
            return new Video(profile, probeProfile, true, null, null, 256, 120);
        }
    }

    private final String id;
    private final String extension;
    private final String codecName;
    private final String encoder;
    private final String pixelFormat;
    private final String audioEncoder;
    private final Integer defaultCrf;
    private final String x264Preset;
    private final Video video;
    private final AudioChannels audioChannels;
    private final String audioExtension;
    private final boolean editorial;

    Preset(
            String id,
            String extension,
            String codecName,
            String encoder,
            String pixelFormat,
            String audioEncoder,
            Integer defaultCrf,
            String x264Preset,
            Video video,
            AudioChannels audioChannels,
            String audioExtension,
            boolean editorial) {
        this.id = id;
        this.extension = extension;
        this.codecName = codecName;
        this.encoder = encoder;
        this.pixelFormat = pixelFormat;
        this.audioEncoder = audioEncoder;
        this.defaultCrf = defaultCrf;
        this.x264Preset = x264Preset;
        this.video = video;
        this.audioChannels = audioChannels;
        this.audioExtension = audioExtension;
        this.editorial = editorial;
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

    /** File extension of the final output and of its video segments, without the dot. */
    public String extension() {
        return extension;
    }

    /** FFmpeg muxer name for {@link #extension()}: mp4, matroska, mov. */
    public String container() {
        return switch (extension) {
            case "mkv", "mka" -> "matroska";
            case "m4a" -> "ipod";
            default -> extension;
        };
    }

    /** Codec name as ffprobe reports it for the output video stream. */
    public String codecName() {
        return codecName;
    }

    /** FFmpeg encoder name. */
    public String encoder() {
        return encoder;
    }

    /**
     * Value of the encoder's {@code profile} option ({@code high}; prores_ks {@code 0..3}; dnxhd
     * {@code dnxhr_lb|dnxhr_sq|dnxhr_hq}), null where the encoder takes none.
     */
    public String encoderProfile() {
        return video.profile();
    }

    /** The video stream's {@code profile} as ffprobe reports it (High, Proxy, LT, Standard, HQ, DNXHR LB...), or null. */
    public String probeProfile() {
        return video.probeProfile();
    }

    /** True when every frame is a keyframe (ProRes, DNxHR, FFV1 as configured). */
    public boolean intraOnly() {
        return video.intraOnly();
    }

    public String pixelFormat() {
        return pixelFormat;
    }

    public String audioEncoder() {
        return audioEncoder;
    }

    /** Channel policy of the audio: stereo mixdown (review) or every source channel (masters, editorial). */
    public AudioChannels audioChannels() {
        return audioChannels;
    }

    /** Extension of the file an AUDIO task writes for this preset ({@code m4a} for AAC, {@code mka} for PCM). */
    public String audioExtension() {
        return audioExtension;
    }

    /**
     * True for editorial outputs: they carry the source start timecode as a tmcd track and the clip (reel) name
     * in their metadata.
     */
    public boolean editorial() {
        return editorial;
    }

    /** Default CRF, null for codecs without one. */
    public Integer defaultCrf() {
        return defaultCrf;
    }

    /** x264 speed preset, null for other encoders. */
    public String x264Preset() {
        return x264Preset;
    }

    /** True when a recipe may override quality with a CRF ({@link #minCrf()}..{@link #maxCrf()}). */
    public boolean acceptsCrf() {
        return video.minCrf() != null;
    }

    /** Lowest CRF accepted, null when {@link #acceptsCrf()} is false. */
    public Integer minCrf() {
        return video.minCrf();
    }

    /** Highest CRF accepted, null when {@link #acceptsCrf()} is false. */
    public Integer maxCrf() {
        return video.maxCrf();
    }

    /** Smallest output width the encoder accepts (0: no limit beyond even sizes). */
    public int minWidth() {
        return video.minWidth();
    }

    /** Smallest output height the encoder accepts (0: no limit beyond even sizes). */
    public int minHeight() {
        return video.minHeight();
    }

    /**
     * Why a quality override is refused, or empty when it is fine (null = no override is always fine).
     * Meant for submit-time validation; the render worker refuses the same values.
     */
    public Optional<String> crfProblem(Integer crf) {
        if (crf == null) {
            return Optional.empty();
        }
        if (!acceptsCrf()) {
            return Optional.of("preset " + id + " takes no crf: its quality is fixed by the preset (" + qualityNote()
                    + "); leave crf out or pick another preset");
        }
        if (crf < video.minCrf() || crf > video.maxCrf()) {
            return Optional.of("crf " + crf + " is out of range for preset " + id + " (" + video.minCrf() + ".."
                    + video.maxCrf() + ", default " + defaultCrf + ")");
        }
        return Optional.empty();
    }

    /** Why an output size is refused by the encoder, or empty when it is fine (0 = source size: not checked here). */
    public Optional<String> sizeProblem(int width, int height) {
        if ((width > 0 && width < video.minWidth()) || (height > 0 && height < video.minHeight())) {
            return Optional.of("preset " + id + " needs at least " + video.minWidth() + "x" + video.minHeight()
                    + ", asked for " + width + "x" + height);
        }
        return Optional.empty();
    }

    private String qualityNote() {
        if (encoder.equals("prores_ks")) {
            return "ProRes quality is chosen by profile: prores-proxy, prores-lt, prores-422, prores-hq";
        }
        if (encoder.equals("dnxhd")) {
            return "DNxHR quality is chosen by profile: dnxhr-lb, dnxhr-sq, dnxhr-hq";
        }
        return "lossless";
    }
}
