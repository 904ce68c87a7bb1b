package io.darkroom.render.ops;

import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.recipe.geometry.OutputGeometry;
import io.darkroom.recipe.geometry.ReformatGeometry;
import io.darkroom.recipe.ops.BurnInContext;
import io.darkroom.recipe.ops.CdlParser;
import io.darkroom.recipe.ops.CdlValues;
import io.darkroom.recipe.ops.CubeLut;
import io.darkroom.recipe.ops.CubeParser;
import io.darkroom.recipe.ops.OpsException;
import io.darkroom.recipe.ops.TextTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns an ordered op list, the source's traits and an output target into one linear FFmpeg filter chain for
 * {@code FFmpegFrameFilter}: the source's VBI crop, deinterlace (must be the first op), orientation
 * ({@link Orientation}), then the ops in order, then the conversion to the target size and pixel format and
 * {@code setsar} (1, or the target's pixel aspect for an output kept anamorphic). Without a Reformat op the picture is
 * scaled to the target size right after rotation (so grading and text work on output-size pictures).
 *
 * <p>Colour: each run of adjacent colour ops (lut3d, cdl) is baked into one 3D LUT applied in 16-bit RGB
 * ({@code gbrp16le}); the YUV-to-RGB conversion names the source range and matrix explicitly, the way back is
 * limited-range Rec.709. Text: drawtext reads a text file we write ({@code textfile=}), never {@code text=}.
 * See DESIGN.md. Thread-safe; one instance per worker.
 */
public final class FilterGraphBuilder {
    static final String SWS_FLAGS = "bicubic+accurate_rnd+full_chroma_int";
    static final String RGB_WORK = "gbrp16le";

    private final OpsEnvironment env;

    public FilterGraphBuilder(OpsEnvironment env) {
        this.env = env;
    }

    /** Where the picture stands while the chain is built. */
    private enum Space {
        SOURCE,
        RGB,
        OUTPUT
    }

    private final class Chain {
        final SourceTraits src;
        final Target target;
        final List<String> filters = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        Space space;
        ReformatGeometry.Picture pic;

        Chain(SourceTraits src, Target target) {
            this.src = src;
            this.target = target;
            this.space = Space.SOURCE;
            this.pic = new ReformatGeometry.Picture(
                    src.width(), src.pictureHeight(), Math.max(1, src.sarNum()), Math.max(1, src.sarDen()));
        }

        void add(String name, String args) {
            names.add(name);
            filters.add(args == null || args.isEmpty() ? name : name + "=" + args);
        }

        /** Range and matrix options describing the current input, for a scale filter. */
        String inputColour() {
            return switch (space) {
                case SOURCE ->
                    src.rgb()
                            ? ""
                            : ":in_range=" + (src.fullRange() ? "pc" : "tv") + ":in_color_matrix=" + src.swsMatrix();
                case OUTPUT -> target.rgb() ? "" : ":in_range=tv:in_color_matrix=bt709";
                case RGB -> "";
            };
        }

        void toOutput(int w, int h) {
            if (target.rgb() && space == Space.SOURCE && !src.rgb()) {
                // YUV to 16-bit RGB (the upscale stage's input) with zimg: exact, see zimgToRgb
                add("zscale", "w=" + w + ":h=" + h + ":" + zimgToRgb(src));
                add("format", RGB_WORK);
                if (!RGB_WORK.equals(target.pixelFormat())) {
                    add("format", target.pixelFormat());
                }
                space = Space.OUTPUT;
                pic = new ReformatGeometry.Picture(w, h, pic.sarNum(), pic.sarDen());
                return;
            }
            String out = target.rgb() ? "" : ":out_range=tv:out_color_matrix=bt709";
            add("scale", "w=" + w + ":h=" + h + ":flags=" + SWS_FLAGS + inputColour() + out);
            add("format", target.pixelFormat());
            space = Space.OUTPUT;
            pic = new ReformatGeometry.Picture(w, h, pic.sarNum(), pic.sarDen());
        }

        void ensureOutput() {
            if (space != Space.OUTPUT) {
                toOutput(pic.width(), pic.height());
            }
        }

        void toRgb() {
            if (space == Space.RGB) {
                return;
            }
            if (target.rgb() && space == Space.SOURCE && !src.rgb()) {
                // an upscale output: the same exact conversion as toOutput's, so its post graph's inverse matches
                add("zscale", zimgToRgb(src));
            } else {
                add("scale", "flags=" + SWS_FLAGS + inputColour());
            }
            add("format", RGB_WORK);
            space = Space.RGB;
        }

        String primaries = "bt709";
        String transfer = "bt709";

        FilterGraph result() {
            return new FilterGraph(String.join(",", filters), List.copyOf(names), primaries, transfer);
        }
    }

    /**
     * Options of a {@code zscale} from the source's Y'CbCr to full-range R'G'B' (output {@value #RGB_WORK}): source
     * range and matrix explicit, transfer and primaries the same in and out (pushed frames carry no tags; zimg
     * converts only what differs). Used where the target is 16-bit RGB, i.e. for the upscale stage. swscale is not:
     * its YUV to 16-bit RGB path scales white to 255 x 256 (10-bit limited white 940 became 65283, not 65535) and
     * its way back the inverse, so the model saw pictures 0.4 % darker than the {@code RgbImage} contract says
     * (code / 65535) and its output was clipped 3 codes above white (measured: 943 for 940). zimg is exact both
     * ways: 10-bit codes round-trip unchanged (UpscaleStage's post graph is the inverse).
     */
    static String zimgToRgb(SourceTraits src) {
        return "filter=bicubic:rangein=" + (src.fullRange() ? "full" : "limited") + ":matrixin="
                + zimgMatrix(src.swsMatrix()) + ":" + ZIMG_SAME_709 + ":range=full";
    }

    /** Transfer and primaries named the same on both sides of a zscale: no conversion of either. */
    public static final String ZIMG_SAME_709 = "transferin=709:primariesin=709:transfer=709:primaries=709";

    /** vf_zscale matrix value for a swscale matrix name (240m and fcc by their H.273 numbers). */
    static String zimgMatrix(String swsMatrix) {
        return switch (swsMatrix) {
            case "bt601" -> "170m";
            case "bt2020" -> "2020_ncl";
            case "smpte240m" -> "7";
            case "fcc" -> "4";
            default -> "709";
        };
    }

    /**
     * @param ops    the ops, already validated ({@code io.darkroom.recipe.ops.OpsRules}); null or empty = plain conversion
     * @param ctx    burn-in field values; may be null when there is no BurnIn / Watermark op
     */
    public FilterGraph build(List<Op> ops, SourceTraits src, Target target, BurnInContext ctx) throws OpsException {
        List<Op> list = ops == null ? List.of() : ops;
        Chain c = new Chain(src, target);
        int i = 0;
        if (src.cropHeight() > 0) {
            c.add("crop", "w=" + src.width() + ":h=" + src.cropHeight() + ":x=0:y=" + src.cropTop() + ":exact=1");
        }
        if (!list.isEmpty() && list.get(0) instanceof Op.Deinterlace d) {
            deinterlace(c, d);
            i = 1;
        } else {
            // interlaced sources are deinterlaced without being asked ({"op": "deinterlace", "mode": "none"}: not)
            deinterlace(c, new Op.Deinterlace(Op.Deinterlace.Mode.AUTO));
        }
        rotate(c, src.rotation(), src.mirrored());
        toneMap(c, toneMapMode(list));
        if (list.stream().noneMatch(o -> o instanceof Op.Reformat)) {
            c.toOutput(target.width(), target.height());
        }
        while (i < list.size()) {
            Op op = list.get(i);
            if (op.colour()) {
                int j = i;
                List<ColourStep> steps = new ArrayList<>();
                while (j < list.size() && list.get(j).colour()) {
                    steps.add(load(list.get(j), j));
                    j++;
                }
                colour(c, steps);
                i = j;
                continue;
            }
            if (op instanceof Op.Reformat r) {
                reformat(c, r);
            } else if (op instanceof Op.BurnIn b) {
                text(
                        c,
                        b.text(),
                        b.position() == null ? Op.Position.BOTTOM_LEFT : b.position(),
                        b.size() == null ? 4 : b.size(),
                        b.box() == null || b.box(),
                        b.opacity() == null ? 1 : b.opacity(),
                        ctx,
                        i);
            } else if (op instanceof Op.Watermark w) {
                text(
                        c,
                        w.text(),
                        w.position() == null ? Op.Position.CENTRE : w.position(),
                        w.size() == null ? 10 : w.size(),
                        false,
                        w.opacity() == null ? 0.3 : w.opacity(),
                        ctx,
                        i);
            } else if (op instanceof Op.WatermarkImage w) {
                image(c, w, i);
            } else if (op instanceof Op.Deinterlace) {
                throw OpsException.badInput("ops[" + i + "]: deinterlace must be the first op");
            } else if (op instanceof Op.ToneMap) {
                // applied above, right after rotation
            } else if (op instanceof Op.Upscale || op instanceof Op.LanczosUpscale) {
                // not a filter: the renderer runs it in Java after this graph (see README, "Upscale")
            } else {
                throw new IllegalStateException("unhandled op " + op.kind());
            }
            i++;
        }
        if (c.space != Space.OUTPUT || c.pic.width() != target.width() || c.pic.height() != target.height()) {
            c.toOutput(target.width(), target.height());
        }
        c.add("setsar", target.sarNum() == target.sarDen() ? "1" : target.sarNum() + "/" + target.sarDen());
        return c.result();
    }

    /**
     * The picture size the ops leave before any scaling to an output size: the source's display size (rotation and
     * pixel aspect applied, square pixels, even), then each reformat's result. What an upscale op receives.
     */
    public static int[] naturalSize(List<Op> ops, SourceTraits src) {
        OutputGeometry.Size size = OutputGeometry.natural(
                src.width(), src.pictureHeight(), src.sarNum(), src.sarDen(), src.rotation(), ops);
        return new int[] {size.width(), size.height()};
    }

    private static void deinterlace(Chain c, Op.Deinterlace d) {
        SourceTraits.FieldOrder order = c.src.fieldOrder();
        Op.Deinterlace.Mode mode = d.mode() == null ? Op.Deinterlace.Mode.AUTO : d.mode();
        if (mode == Op.Deinterlace.Mode.NONE) {
            return;
        }
        if (mode == Op.Deinterlace.Mode.AUTO
                && (order == SourceTraits.FieldOrder.PROGRESSIVE || order == SourceTraits.FieldOrder.UNKNOWN)) {
            return;
        }
        String parity = order == SourceTraits.FieldOrder.BOTTOM_FIRST ? "bff" : "tff";
        // frames pushed through FFmpegFrameFilter carry no interlace flags: parity explicit, every frame
        c.add(mode == Op.Deinterlace.Mode.YADIF ? "yadif" : "bwdif", "mode=send_frame:parity=" + parity + ":deint=all");
    }

    /** The tone-map mode of an op list: its toneMap op's, else auto. */
    public static Op.ToneMap.Mode toneMapMode(List<Op> ops) {
        if (ops != null) {
            for (Op op : ops) {
                if (op instanceof Op.ToneMap t) {
                    return t.mode() == null ? Op.ToneMap.Mode.AUTO : t.mode();
                }
            }
        }
        return Op.ToneMap.Mode.AUTO;
    }

    /** Nominal peak of the HDR signal in units of SDR white (100 nits): 1000-nit masters, the common case. */
    static final double HDR_PEAK = 10;

    /**
     * PQ / HLG to Rec.709 SDR with zimg: linearise (explicit input transfer, matrix, primaries, range: frames pushed
     * through FFmpegFrameFilter carry no colour tags), convert primaries BT.2020 to BT.709 in linear light, tone map
     * (hable by default, explicit peak: the linear frames no longer say they were HDR, so tonemap's automatic peak
     * would be 1 and nothing would be compressed), then the BT.709 transfer into 16-bit RGB, full range. Without a
     * tone map, an HDR source keeps its signal; the output is then tagged with its transfer and primaries.
     */
    private static void toneMap(Chain c, Op.ToneMap.Mode mode) {
        if (!c.src.hdr()) {
            return;
        }
        if (mode == Op.ToneMap.Mode.NONE) {
            c.transfer = c.src.colorTransfer();
            c.primaries = c.src.colorPrimaries() == null ? "bt2020" : c.src.colorPrimaries();
            return;
        }
        String curve =
                switch (mode) {
                    case MOBIUS -> "mobius";
                    case REINHARD -> "reinhard";
                    case CLIP -> "clip";
                    default -> "hable";
                };
        String matrix = c.src.colorMatrix() == null
                ? "2020_ncl"
                : c.src.swsMatrix().equals("bt2020")
                        ? "2020_ncl"
                        : c.src.swsMatrix().equals("bt601") ? "170m" : "709";
        String primaries = "bt709".equals(c.src.colorPrimaries()) ? "709" : "2020";
        String in = "transferin=" + c.src.colorTransfer() + ":primariesin=" + primaries
                + (c.src.rgb() ? "" : ":matrixin=" + matrix + ":rangein=" + (c.src.fullRange() ? "full" : "limited"));
        c.add("zscale", in + ":transfer=linear:primaries=" + primaries + ":npl=100");
        c.add("format", "gbrpf32le");
        c.add("zscale", "primaries=709");
        c.add("tonemap", "tonemap=" + curve + ":desat=0:peak=" + (int) HDR_PEAK);
        c.add("zscale", "transfer=709:range=full");
        c.add("format", RGB_WORK);
        c.space = Space.RGB;
    }

    private static void rotate(Chain c, int rotation, boolean mirrored) {
        ReformatGeometry.Picture p = c.pic;
        for (String f : Orientation.filters(rotation, mirrored)) {
            int eq = f.indexOf('=');
            c.add(eq < 0 ? f : f.substring(0, eq), eq < 0 ? null : f.substring(eq + 1));
        }
        if (Orientation.swapsSides(rotation)) {
            c.pic = new ReformatGeometry.Picture(p.height(), p.width(), p.sarDen(), p.sarNum());
        }
    }

    private ColourStep load(Op op, int index) throws OpsException {
        String where = "ops[" + index + "]." + op.kind() + ": ";
        try {
            if (op instanceof Op.Lut3d l) {
                byte[] bytes = Files.readAllBytes(resolve(l.file(), where));
                CubeLut lut = CubeParser.parse(
                        l.file().path(),
                        new String(bytes, StandardCharsets.UTF_8).lines().toList());
                return ColourStep.of(lut, LutBaker.sha256(bytes));
            }
            Op.Cdl cdl = (Op.Cdl) op;
            if (cdl.file() != null) {
                return ColourStep.of(CdlParser.parse(resolve(cdl.file(), where), cdl.id()));
            }
            return ColourStep.of(CdlValues.of(cdl));
        } catch (IOException e) {
            throw new OpsException(where + "cannot read: " + e.getMessage(), true, e);
        } catch (OpsException e) {
            throw new OpsException(where + e.getMessage(), e.badInput(), e);
        }
    }

    private Path resolve(SourceRef ref, String where) throws OpsException {
        try {
            return env.resolver().apply(ref);
        } catch (RuntimeException e) {
            throw new OpsException(where + ref + ": " + e.getMessage(), true, e);
        }
    }

    private void colour(Chain c, List<ColourStep> steps) throws OpsException {
        Path lut = LutBaker.bake(steps, env.workDir().resolve("luts"), env.bakeSize());
        c.toRgb();
        c.add("lut3d", "file=" + FilterEscaping.value(lut.toString()) + ":interp=tetrahedral");
    }

    private static void reformat(Chain c, Op.Reformat r) {
        ReformatGeometry.Plan plan = ReformatGeometry.plan(r, c.pic);
        for (ReformatGeometry.Step s : plan.steps()) {
            if (s instanceof ReformatGeometry.Scale sc) {
                c.toOutput(sc.width(), sc.height());
            } else if (s instanceof ReformatGeometry.Crop cr) {
                c.add("crop", "w=" + cr.width() + ":h=" + cr.height() + ":x=" + cr.x() + ":y=" + cr.y() + ":exact=1");
            } else if (s instanceof ReformatGeometry.Pad p) {
                c.add("pad", "w=" + p.width() + ":h=" + p.height() + ":x=" + p.x() + ":y=" + p.y() + ":color=black");
            }
        }
        c.pic = plan.result();
    }

    private void text(
            Chain c,
            String template,
            Op.Position pos,
            double sizePercent,
            boolean box,
            double opacity,
            BurnInContext ctx,
            int index)
            throws OpsException {
        String where = "ops[" + index + "]: ";
        if (env.fontFile() == null || !Files.isReadable(env.fontFile())) {
            throw new OpsException(
                    where + "no font file for burn-ins (" + env.fontFile()
                            + "); install fonts-dejavu-core or configure one",
                    false,
                    null);
        }
        TextTemplate.Rendered text;
        try {
            TextTemplate t = TextTemplate.parse(template);
            if (ctx == null) {
                throw new IllegalArgumentException("no burn-in context given");
            }
            text = t.render(ctx);
        } catch (IllegalArgumentException e) {
            throw OpsException.badInput(where + "text: " + e.getMessage());
        }
        c.ensureOutput();
        int h = c.pic.height();
        int fontSize = Math.max(6, (int) Math.round(h * sizePercent / 100));
        int margin = Math.max(2, (int) Math.round(h * 0.02));
        Path file = writeText(text.content());
        StringBuilder a = new StringBuilder();
        a.append("fontfile=").append(FilterEscaping.value(env.fontFile().toString()));
        a.append(":textfile=").append(FilterEscaping.value(file.toString()));
        a.append(":expansion=").append(text.expand() ? "normal" : "none");
        a.append(":fontsize=").append(fontSize).append(":fontcolor=white");
        a.append(":alpha=").append(String.format(Locale.ROOT, "%.4f", opacity));
        a.append(":x=").append(x(pos, margin)).append(":y=").append(y(pos, margin));
        a.append(":line_spacing=").append(Math.max(1, fontSize / 5));
        if (box) {
            a.append(":box=1:boxcolor=black@0.5:boxborderw=").append(Math.max(1, fontSize / 4));
        }
        c.add("drawtext", a.toString());
    }

    /**
     * An image watermark: {@code movie=} reads our content-addressed copy of the file (the graph never holds a user
     * file name), scaled to the size in RGBA, alpha multiplied by the opacity, converted explicitly (limited range,
     * BT.709) to the target's YUVA layout and overlaid on the output-space picture. The single picture repeats on
     * every frame ({@code eof_action=repeat}); one frame out per frame in.
     */
    private void image(Chain c, Op.WatermarkImage w, int index) throws OpsException {
        String where = "ops[" + index + "].watermarkImage: ";
        Path copy = imageCopy(resolve(w.file(), where), where);
        c.ensureOutput();
        int h = c.pic.height();
        int height = Math.max(1, (int) Math.round(h * (w.size() == null ? 10 : w.size()) / 100));
        int margin = Math.max(2, (int) Math.round(h * 0.02));
        double opacity = w.opacity() == null ? 0.3 : w.opacity();
        Op.Position pos = w.position() == null ? Op.Position.BOTTOM_RIGHT : w.position();
        String pix = c.target.pixelFormat();
        String overlayFormat;
        String layer;
        if (c.target.rgb()) {
            overlayFormat = "gbrp";
            layer = "gbrap";
        } else {
            overlayFormat = switch (pix) {
                case "yuv420p" -> "yuv420";
                case "yuv420p10le" -> "yuv420p10";
                case "yuv422p" -> "yuv422";
                case "yuv422p10le" -> "yuv422p10";
                case "yuv444p" -> "yuv444";
                case "yuv444p10le" -> "yuv444p10";
                default -> throw new OpsException(where + "no overlay for target pixel format " + pix, false, null);
            };
            layer = "yuva" + pix.substring(3);
        }
        String main = "dr_wm_main" + index;
        String wm = "dr_wm" + index;
        String out = c.target.rgb() ? "" : ":out_range=tv:out_color_matrix=bt709";
        // one chain entry: the main chain is labelled, the watermark built from its own source, then overlaid
        c.add("null", null);
        c.filters.set(
                c.filters.size() - 1,
                "null[" + main + "];movie=filename="
                        + FilterEscaping.value(copy.toString())
                        + ",scale=w=-1:h=" + height + ":flags=" + SWS_FLAGS
                        + ",format=rgba"
                        + ",colorchannelmixer=aa=" + String.format(Locale.ROOT, "%.4f", opacity)
                        + ",scale=flags=" + SWS_FLAGS + out
                        + ",format=" + layer + "[" + wm + "];"
                        + "[" + main + "][" + wm + "]overlay=x=" + ix(pos, margin) + ":y=" + iy(pos, margin)
                        + ":eof_action=repeat:format=" + overlayFormat);
        c.names.addAll(List.of("movie", "scale", "format", "colorchannelmixer", "scale", "format", "overlay"));
        c.add("format", pix);
    }

    private static String ix(Op.Position p, int m) {
        return switch (p) {
            case TOP_LEFT, LEFT, BOTTOM_LEFT -> Integer.toString(m);
            case TOP, CENTRE, BOTTOM -> "(W-w)/2";
            case TOP_RIGHT, RIGHT, BOTTOM_RIGHT -> "W-w-" + m;
        };
    }

    private static String iy(Op.Position p, int m) {
        return switch (p) {
            case TOP_LEFT, TOP, TOP_RIGHT -> Integer.toString(m);
            case LEFT, CENTRE, RIGHT -> "(H-h)/2";
            case BOTTOM_LEFT, BOTTOM, BOTTOM_RIGHT -> "H-h-" + m;
        };
    }

    /** A copy of the image under {@code <workDir>/images/<sha256>.<ext>}: a name safe in any graph. */
    private Path imageCopy(Path src, String where) throws OpsException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(src);
        } catch (IOException e) {
            throw new OpsException(where + "cannot read " + src.getFileName() + ": " + e.getMessage(), true, e);
        }
        boolean png = bytes.length > 8 && (bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N';
        return writeContentAddressed("images", bytes, png ? ".png" : ".jpg", "watermark image");
    }

    private static String x(Op.Position p, int m) {
        return switch (p) {
            case TOP_LEFT, LEFT, BOTTOM_LEFT -> Integer.toString(m);
            case TOP, CENTRE, BOTTOM -> "(w-text_w)/2";
            case TOP_RIGHT, RIGHT, BOTTOM_RIGHT -> "w-text_w-" + m;
        };
    }

    private static String y(Op.Position p, int m) {
        return switch (p) {
            case TOP_LEFT, TOP, TOP_RIGHT -> Integer.toString(m);
            case LEFT, CENTRE, RIGHT -> "(h-text_h)/2";
            case BOTTOM_LEFT, BOTTOM, BOTTOM_RIGHT -> "h-text_h-" + m;
        };
    }

    private Path writeText(String content) throws OpsException {
        return writeContentAddressed("text", content.getBytes(StandardCharsets.UTF_8), ".txt", "burn-in text");
    }

    /**
     * Writes bytes once under {@code <workDir>/<folder>/<sha256><ext>} (atomically; an existing file with that name
     * already holds the same bytes) and returns the path: what the graph references instead of user paths or text.
     */
    private Path writeContentAddressed(String folder, byte[] bytes, String ext, String what) throws OpsException {
        Path dir = env.workDir().resolve(folder);
        Path target = dir.resolve(LutBaker.sha256(bytes) + ext);
        if (Files.isRegularFile(target)) {
            return target;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, folder + "-", ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new OpsException("cannot write " + what + " in " + dir + ": " + e.getMessage(), false, e);
        }
        return target;
    }
}
