package io.darkroom.contracts;

/**
 * What a probe learned about a source file: its first video stream and its audio.
 *
 * @param container       format name reported by FFmpeg (e.g. {@code mov,mp4,m4a,3gp,3g2,mj2})
 * @param videoCodec      codec of the first video stream (h264, hevc, vp9, ...)
 * @param width           coded width in pixels
 * @param height          coded height in pixels
 * @param rotation        clockwise degrees (0, 90, 180, 270) to turn the decoded picture upright, from the display matrix
 * @param displayWidth    width once rotation is applied
 * @param displayHeight   height once rotation is applied
 * @param pixelFormat     decoder pixel format (yuv420p, yuv420p10le, ...)
 * @param fpsNum          average frame rate numerator
 * @param fpsDen          average frame rate denominator
 * @param variableFrameRate true when the average and nominal frame rates differ (phones, browsers)
 * @param frameCount      exact number of video frames (packets counted)
 * @param startUs         presentation time of the first video frame, microseconds
 * @param durationUs      video duration, microseconds (frame count / average rate where the header lacks it)
 * @param audioStreams    number of audio streams
 * @param audioChannels   channels of the sound the outputs get: the first audio stream's, or one per track when the
 *                        sound is two or more mono tracks at one rate (broadcast MXF/MOV; at most
 *                        {@value #MAX_MONO_TRACKS}); 0 when none
 * @param audioCodec      codec of the first audio stream, null when none
 * @param timecode        start timecode HH:MM:SS:FF (';' before frames when drop-frame), null when none
 * @param sizeBytes       file size
 * @param colorRange      ffprobe {@code color_range} of the video stream ({@code tv}, {@code pc}); null = unknown
 * @param colorSpace      ffprobe {@code color_space}, the YUV matrix ({@code bt709}, {@code bt2020nc},
 *                        {@code smpte170m}, ...); null = unknown
 * @param colorTransfer   ffprobe {@code color_transfer} ({@code bt709}, {@code smpte2084} = PQ,
 *                        {@code arib-std-b67} = HLG, ...); null = unknown
 * @param colorPrimaries  ffprobe {@code color_primaries} ({@code bt709}, {@code bt2020}, ...); null = unknown
 * @param fieldOrder      ffprobe {@code field_order}: {@code progressive}, {@code tt}, {@code bb}, {@code tb},
 *                        {@code bt}; null = unknown
 * @param sampleAspectRatio ffprobe {@code sample_aspect_ratio} ({@code 1:1}, {@code 64:45}, ...); null = unknown
 * @param mirrored        the display matrix also reflects the picture (a phone's front camera): the decoded picture
 *                        is flipped top to bottom, then turned by {@code rotation}, which is what FFmpeg's autorotate
 *                        shows (vflip at 0, transpose cclock_flip at 90, hflip at 180, clock_flip at 270 degrees)
 * @param damage          what is wrong with a damaged source ("source truncated after frame 33"); null = intact
 * @param closedCaptions  closed captions the source carries: {@value #CAPTIONS_EMBEDDED} (CEA-608/708 in the video
 *                        stream, ATSC A/53 user data), {@value #CAPTIONS_TRACK} (a CEA-608 track beside the picture,
 *                        QuickTime {@code c608}, the first subtitle stream); null = none found
 * @param opAtom          an MXF OP-Atom file (Avid): one essence per file, so its sound, if any, is in other files
 */
public record MediaInfo(
        String container,
        String videoCodec,
        int width,
        int height,
        int rotation,
        int displayWidth,
        int displayHeight,
        String pixelFormat,
        int fpsNum,
        int fpsDen,
        boolean variableFrameRate,
        long frameCount,
        long startUs,
        long durationUs,
        int audioStreams,
        int audioChannels,
        String audioCodec,
        String timecode,
        long sizeBytes,
        String colorRange,
        String colorSpace,
        String colorTransfer,
        String colorPrimaries,
        String fieldOrder,
        String sampleAspectRatio,
        boolean mirrored,
        java.util.List<String> damage,
        String closedCaptions,
        boolean opAtom) {

    /** {@link #closedCaptions()}: CEA-608/708 carried in the video stream (A/53 user data in H.264 SEI, MPEG-2). */
    public static final String CAPTIONS_EMBEDDED = "embedded";
    /** {@link #closedCaptions()}: a CEA-608 track beside the picture (QuickTime {@code c608}). */
    public static final String CAPTIONS_TRACK = "track";
    /** Mono tracks taken as the channels of one sound (see {@link #audioChannels()}). */
    public static final int MAX_MONO_TRACKS = 16;

    public MediaInfo {
        damage = damage == null ? null : java.util.List.copyOf(damage);
    }

    public double fps() {
        return fpsDen == 0 ? 0 : (double) fpsNum / fpsDen;
    }

    /** The same info with an exact picture count (where packets are not pictures). */
    public MediaInfo withFrameCount(long frames) {
        return new MediaInfo(
                container,
                videoCodec,
                width,
                height,
                rotation,
                displayWidth,
                displayHeight,
                pixelFormat,
                fpsNum,
                fpsDen,
                variableFrameRate,
                frames,
                startUs,
                durationUs,
                audioStreams,
                audioChannels,
                audioCodec,
                timecode,
                sizeBytes,
                colorRange,
                colorSpace,
                colorTransfer,
                colorPrimaries,
                fieldOrder,
                sampleAspectRatio,
                mirrored,
                damage,
                closedCaptions,
                opAtom);
    }

    /** The same info with colour, field order and pixel aspect details. */
    public MediaInfo withPictureDetails(
            String colorRange,
            String colorSpace,
            String colorTransfer,
            String colorPrimaries,
            String fieldOrder,
            String sampleAspectRatio) {
        return new MediaInfo(
                container,
                videoCodec,
                width,
                height,
                rotation,
                displayWidth,
                displayHeight,
                pixelFormat,
                fpsNum,
                fpsDen,
                variableFrameRate,
                frameCount,
                startUs,
                durationUs,
                audioStreams,
                audioChannels,
                audioCodec,
                timecode,
                sizeBytes,
                colorRange,
                colorSpace,
                colorTransfer,
                colorPrimaries,
                fieldOrder,
                sampleAspectRatio,
                mirrored,
                damage,
                closedCaptions,
                opAtom);
    }

    /** The same info with the display matrix's reflection. */
    public MediaInfo withMirrored(boolean reflected) {
        return new MediaInfo(
                container,
                videoCodec,
                width,
                height,
                rotation,
                displayWidth,
                displayHeight,
                pixelFormat,
                fpsNum,
                fpsDen,
                variableFrameRate,
                frameCount,
                startUs,
                durationUs,
                audioStreams,
                audioChannels,
                audioCodec,
                timecode,
                sizeBytes,
                colorRange,
                colorSpace,
                colorTransfer,
                colorPrimaries,
                fieldOrder,
                sampleAspectRatio,
                reflected,
                damage,
                closedCaptions,
                opAtom);
    }

    /**
     * The same info describing only the decodable pictures of a damaged source: their count, the first one's time,
     * the duration they last, and what is wrong ({@link #damage()}).
     */
    public MediaInfo withDecodablePictures(
            long pictures, long firstPictureUs, long picturesDurationUs, java.util.List<String> problems) {
        return new MediaInfo(
                container,
                videoCodec,
                width,
                height,
                rotation,
                displayWidth,
                displayHeight,
                pixelFormat,
                fpsNum,
                fpsDen,
                variableFrameRate,
                pictures,
                firstPictureUs,
                picturesDurationUs,
                audioStreams,
                audioChannels,
                audioCodec,
                timecode,
                sizeBytes,
                colorRange,
                colorSpace,
                colorTransfer,
                colorPrimaries,
                fieldOrder,
                sampleAspectRatio,
                mirrored,
                problems,
                closedCaptions,
                opAtom);
    }

    /** The same info with its closed captions ({@link #CAPTIONS_EMBEDDED}, {@link #CAPTIONS_TRACK}, null) and OP-Atom flag. */
    public MediaInfo withBroadcastDetails(String captions, boolean opAtomFile) {
        return new MediaInfo(
                container,
                videoCodec,
                width,
                height,
                rotation,
                displayWidth,
                displayHeight,
                pixelFormat,
                fpsNum,
                fpsDen,
                variableFrameRate,
                frameCount,
                startUs,
                durationUs,
                audioStreams,
                audioChannels,
                audioCodec,
                timecode,
                sizeBytes,
                colorRange,
                colorSpace,
                colorTransfer,
                colorPrimaries,
                fieldOrder,
                sampleAspectRatio,
                mirrored,
                damage,
                captions,
                opAtomFile);
    }

    /** Whether the probe found the source damaged (see {@link #damage()}). */
    public boolean damaged() {
        return damage != null && !damage.isEmpty();
    }

    /** True for PQ ({@code smpte2084}) and HLG ({@code arib-std-b67}) sources. */
    public boolean hdr() {
        return "smpte2084".equals(colorTransfer) || "arib-std-b67".equals(colorTransfer);
    }

    /** True when the probe reports interlaced field order (tt, bb, tb, bt). */
    public boolean interlaced() {
        return fieldOrder != null
                && switch (fieldOrder) {
                    case "tt", "bb", "tb", "bt" -> true;
                    default -> false;
                };
    }

    public boolean hasAudio() {
        return audioStreams > 0;
    }
}
