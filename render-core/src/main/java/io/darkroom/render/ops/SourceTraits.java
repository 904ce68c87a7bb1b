package io.darkroom.render.ops;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.SourcePicture;
import java.util.Locale;

/**
 * What the graph builder must know about the decoded frames it receives.
 *
 * @param width       decoded width
 * @param height      decoded height
 * @param sarNum      sample (pixel) aspect numerator, 1 for square pixels
 * @param sarDen      sample aspect denominator
 * @param rotation    clockwise degrees to turn upright (MediaInfo.rotation)
 * @param pixelFormat decoded pixel format name (yuv420p, yuvj420p, yuv420p10le, gbrpf32le ...)
 * @param fullRange   full-range ("pc", "jpeg") YUV; the decoder's AVFrame.color_range is the truth
 * @param colorMatrix FFmpeg colorspace name of the source (bt709, bt470bg, smpte170m, bt2020nc ...) or null
 * @param fieldOrder  from the probe; UNKNOWN when not known
 * @param colorTransfer FFmpeg transfer name of the source (bt709, smpte2084 = PQ, arib-std-b67 = HLG ...) or null
 * @param colorPrimaries FFmpeg primaries name of the source (bt709, bt2020 ...) or null
 * @param cropTop     first decoded line kept (a VBI crop), 0 = from the top
 * @param cropHeight  decoded lines kept from cropTop, 0 = all (no crop)
 * @param mirrored    the display matrix reflects the picture ({@link Orientation})
 */
public record SourceTraits(
        int width,
        int height,
        int sarNum,
        int sarDen,
        int rotation,
        String pixelFormat,
        boolean fullRange,
        String colorMatrix,
        FieldOrder fieldOrder,
        String colorTransfer,
        String colorPrimaries,
        int cropTop,
        int cropHeight,
        boolean mirrored) {

    /** Traits of a picture used whole and unreflected. */
    public SourceTraits(
            int width,
            int height,
            int sarNum,
            int sarDen,
            int rotation,
            String pixelFormat,
            boolean fullRange,
            String colorMatrix,
            FieldOrder fieldOrder,
            String colorTransfer,
            String colorPrimaries) {
        this(
                width,
                height,
                sarNum,
                sarDen,
                rotation,
                pixelFormat,
                fullRange,
                colorMatrix,
                fieldOrder,
                colorTransfer,
                colorPrimaries,
                0,
                0,
                false);
    }

    /** Traits without transfer / primaries (SDR assumed). */
    public SourceTraits(
            int width,
            int height,
            int sarNum,
            int sarDen,
            int rotation,
            String pixelFormat,
            boolean fullRange,
            String colorMatrix,
            FieldOrder fieldOrder) {
        this(width, height, sarNum, sarDen, rotation, pixelFormat, fullRange, colorMatrix, fieldOrder, null, null);
    }

    /** Field order as ffprobe's {@code field_order} reports it. */
    public enum FieldOrder {
        /** Progressive frames: never deinterlaced in auto mode. */
        PROGRESSIVE,
        /** Interlaced, top field first (tt, tb). */
        TOP_FIRST,
        /** Interlaced, bottom field first (bb, bt). */
        BOTTOM_FIRST,
        /** Not reported: auto mode leaves the frames alone. */
        UNKNOWN;

        /** Top or bottom field first. */
        public boolean interlaced() {
            return this == TOP_FIRST || this == BOTTOM_FIRST;
        }

        public static FieldOrder fromFfprobe(String s) {
            if (s == null) {
                return UNKNOWN;
            }
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "progressive" -> PROGRESSIVE;
                case "tt", "tb" -> TOP_FIRST;
                case "bb", "bt" -> BOTTOM_FIRST;
                default -> UNKNOWN;
            };
        }
    }

    /**
     * From a probe: range from the pixel format name (yuvj = full) or color_range, matrix, transfer, primaries,
     * field order and pixel aspect as ffprobe reported them.
     */
    public static SourceTraits of(MediaInfo m) {
        int[] sar = sar(m.sampleAspectRatio());
        boolean full = m.pixelFormat() != null && m.pixelFormat().startsWith("yuvj") || "pc".equals(m.colorRange());
        return new SourceTraits(
                m.width(),
                m.height(),
                sar[0],
                sar[1],
                m.rotation(),
                m.pixelFormat(),
                full,
                m.colorSpace(),
                FieldOrder.fromFfprobe(m.fieldOrder()),
                m.colorTransfer(),
                m.colorPrimaries(),
                0,
                0,
                m.mirrored());
    }

    private static int[] sar(String s) {
        if (s != null) {
            String[] p = s.split(":");
            try {
                int n = Integer.parseInt(p[0].trim());
                int d = Integer.parseInt(p[1].trim());
                if (n > 0 && d > 0) {
                    return new int[] {n, d};
                }
            } catch (RuntimeException e) {
                // unknown: square
            }
        }
        return new int[] {1, 1};
    }

    /** PQ or HLG transfer: tone-mapped to Rec.709 unless a toneMap op says none. */
    public boolean hdr() {
        return "smpte2084".equals(colorTransfer) || "arib-std-b67".equals(colorTransfer);
    }

    /** Field order says interlaced. */
    public boolean interlaced() {
        return fieldOrder != null && fieldOrder.interlaced();
    }

    public SourceTraits withTransfer(String transfer, String primaries) {
        return new SourceTraits(
                width,
                height,
                sarNum,
                sarDen,
                rotation,
                pixelFormat,
                fullRange,
                colorMatrix,
                fieldOrder,
                transfer,
                primaries,
                cropTop,
                cropHeight,
                mirrored);
    }

    public SourceTraits withFullRange(boolean full) {
        return new SourceTraits(
                width,
                height,
                sarNum,
                sarDen,
                rotation,
                pixelFormat,
                full,
                colorMatrix,
                fieldOrder,
                colorTransfer,
                colorPrimaries,
                cropTop,
                cropHeight,
                mirrored);
    }

    public SourceTraits withColorMatrix(String matrix) {
        return new SourceTraits(
                width,
                height,
                sarNum,
                sarDen,
                rotation,
                pixelFormat,
                fullRange,
                matrix,
                fieldOrder,
                colorTransfer,
                colorPrimaries,
                cropTop,
                cropHeight,
                mirrored);
    }

    public SourceTraits withFieldOrder(FieldOrder order) {
        return new SourceTraits(
                width,
                height,
                sarNum,
                sarDen,
                rotation,
                pixelFormat,
                fullRange,
                colorMatrix,
                order,
                colorTransfer,
                colorPrimaries,
                cropTop,
                cropHeight,
                mirrored);
    }

    public SourceTraits withSar(int num, int den) {
        return new SourceTraits(
                width,
                height,
                num,
                den,
                rotation,
                pixelFormat,
                fullRange,
                colorMatrix,
                fieldOrder,
                colorTransfer,
                colorPrimaries,
                cropTop,
                cropHeight,
                mirrored);
    }

    /**
     * The traits with the planner's source picture adjustments: lines cropped, pixel aspect replaced, reflection.
     */
    public SourceTraits withPicture(SourcePicture p) {
        if (p == null) {
            return this;
        }
        int n = p.overridesSar() ? p.sarNum() : sarNum;
        int d = p.overridesSar() ? p.sarDen() : sarDen;
        boolean crop = p.crops() && p.cropTop() >= 0 && p.cropTop() + p.cropHeight() <= height;
        return new SourceTraits(
                width,
                height,
                n,
                d,
                rotation,
                pixelFormat,
                fullRange,
                colorMatrix,
                fieldOrder,
                colorTransfer,
                colorPrimaries,
                crop ? p.cropTop() : 0,
                crop ? p.cropHeight() : 0,
                p.mirrored());
    }

    /** Lines of the picture after the crop (the decoded height without one). */
    public int pictureHeight() {
        return cropHeight > 0 ? cropHeight : height;
    }

    /** True for RGB pixel formats (no matrix, no range). */
    public boolean rgb() {
        return isRgb(pixelFormat);
    }

    static boolean isRgb(String pixelFormat) {
        String p = pixelFormat == null ? "" : pixelFormat.toLowerCase(Locale.ROOT);
        return p.startsWith("gbr")
                || p.startsWith("rgb")
                || p.startsWith("bgr")
                || p.startsWith("argb")
                || p.startsWith("abgr")
                || p.startsWith("0rgb")
                || p.startsWith("0bgr")
                || p.startsWith("x2rgb")
                || p.startsWith("x2bgr");
    }

    /**
     * The swscale matrix name for the source: its own where known, else by size as FFmpeg and players guess
     * (HD and up: bt709; SD: bt601).
     */
    String swsMatrix() {
        String m = colorMatrix == null ? "" : colorMatrix.toLowerCase(Locale.ROOT);
        return switch (m) {
            case "bt709" -> "bt709";
            case "bt470bg", "smpte170m", "bt601", "bt470" -> "bt601";
            case "bt2020nc", "bt2020c", "bt2020", "bt2020_ncl", "bt2020_cl" -> "bt2020";
            case "smpte240m" -> "smpte240m";
            case "fcc" -> "fcc";
            default -> width >= 1280 || pictureHeight() > 576 ? "bt709" : "bt601";
        };
    }
}
