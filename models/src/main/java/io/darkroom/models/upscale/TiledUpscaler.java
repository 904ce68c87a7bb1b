package io.darkroom.models.upscale;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.darkroom.contracts.ops.Op.Upscale.Device;
import io.darkroom.contracts.ops.Op.Upscale.Precision;
import io.darkroom.models.onnx.Float16Variant;
import io.darkroom.models.registry.ModelMetadata;
import io.darkroom.models.registry.VerifiedModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Runs an image-to-image ONNX model over an {@link RgbImage} tile by tile with ONNX Runtime.
 * <ul>
 *   <li>The image is first extended by {@code overlap} pixels on every side by edge replication (the model sees
 *       plausible context at the picture's edges instead of its own zero padding), then cut into tiles of
 *       {@code tileSize} square input pixels whose neighbours share {@code overlap} pixels; the last tile of a row
 *       or column is moved back so it ends at the extended edge (it then overlaps more). A picture smaller than one
 *       tile is one tile of its own size (or, for a model with a fixed input size, padded to it by replication).</li>
 *   <li>Each tile's output is weighted by a feather ramp across every overlap it shares with a neighbour: 0 over
 *       the quarter of the overlap nearest the tile's edge (where the model lacked context and saw its own zero
 *       padding), linear across the middle half, 1 beyond ({@link #ramp}); the weighted outputs are normalised by
 *       the sum of weights, so adjacent tiles cross-fade and no seam shows.</li>
 *   <li>Layout (NHWC/NCHW), channel order (RGB/BGR) and value range come from the model's registry metadata;
 *       float32 in and out, nothing clipped (the output image may leave 0..1 where the model overshoots).</li>
 *   <li>Precision fp16 runs the model's float16 variant (weights in float16, float32 in and out through Casts;
 *       {@link io.darkroom.models.onnx.Float16Variant}), on any device; fp32 the float32 file. A file's ONNX
 *       metadata says which it is ({@code darkroom.precision = fp16} on the variant), and a file that does not
 *       match the precision asked for is refused. On the CPU, ONNX Runtime 1.23.2 (x86-64) has no float16 Conv
 *       kernel and runs the float16 graph's Conv ... Resize chain in float32 between Casts it inserts, so fp16
 *       there means float16-rounded weights, input and output with float32 arithmetic; the CUDA provider has
 *       float16 kernels.</li>
 * </ul>
 * Not thread-safe per instance beyond {@link #upscale} being synchronized; use one per worker thread.
 */
public final class TiledUpscaler implements Upscaler, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TiledUpscaler.class);
    public static final String CPU_PROVIDER = "CPUExecutionProvider";
    public static final String CUDA_PROVIDER = "CUDAExecutionProvider";

    /**
     * @param tileSize  tile side in input pixels (e.g. 128); larger tiles waste less on overlaps, use more memory
     * @param overlap   input pixels shared by adjacent tiles and added as replicated border (e.g. 16); at most
     *                  tileSize / 2
     * @param device    auto, gpu or cpu
     * @param precision fp32, or fp16 (the model's float16 variant, on any device)
     * @param threads   ONNX Runtime intra-op threads (0: ONNX Runtime's default, one per core)
     */
    public record Options(int tileSize, int overlap, Device device, Precision precision, int threads) {
        public Options {
            if (tileSize < 8) {
                throw new IllegalArgumentException("tile size must be at least 8 pixels, got " + tileSize);
            }
            if (overlap < 0 || 2 * overlap > tileSize) {
                throw new IllegalArgumentException(
                        "overlap must be 0.." + tileSize / 2 + " for tile size " + tileSize + ", got " + overlap);
            }
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0, got " + threads);
            }
        }

        /** 128 px tiles, 16 px overlap, CPU, fp32, ONNX Runtime's default thread count. */
        public static Options defaults() {
            return new Options(128, 16, Device.CPU, Precision.FP32, 0);
        }

        public Options withTile(int tile, int overlapPixels) {
            return new Options(tile, overlapPixels, device, precision, threads);
        }

        public Options withDevice(Device d) {
            return new Options(tileSize, overlap, d, precision, threads);
        }

        public Options withPrecision(Precision p) {
            return new Options(tileSize, overlap, device, p, threads);
        }

        public Options withThreads(int n) {
            return new Options(tileSize, overlap, device, precision, n);
        }
    }

    /** Cumulative timings: {@code runNanos} is the time inside OrtSession.run alone, {@code totalNanos} all of it. */
    public record Stats(long images, long tiles, long runNanos, long totalNanos) {
        /** Total time over session-run time: 1.0 means tiling, conversion and blending cost nothing. */
        public double overheadRatio() {
            return runNanos == 0 ? Double.NaN : (double) totalNanos / runNanos;
        }
    }

    private final ModelMetadata metadata;
    private final Options options;
    private final OrtEnvironment env;
    private final OrtSession.SessionOptions sessionOptions;
    private final OrtSession session;
    private final String provider;
    private final boolean nchw;
    private final int[] channelOf; // model channel -> RgbImage plane
    private final int fixedTile; // > 0 when the model's input has a fixed square size
    private long images;
    private long tiles;
    private long runNanos;
    private long totalNanos;

    private TiledUpscaler(ModelMetadata metadata, byte[] onnx, Options options) throws OrtException {
        this.metadata = metadata;
        this.options = options;
        this.nchw = layout(metadata.input().layout());
        if (layout(metadata.output().layout()) != nchw) {
            throw new IllegalArgumentException("model " + metadata.name() + ": input and output layouts differ");
        }
        this.channelOf = channels(metadata.input().channels());
        this.env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions so = baseOptions(options);
        String chosen = CPU_PROVIDER;
        OrtSession s = null;
        if (options.device() != Device.CPU) {
            if (!env.getAvailableProviders().contains(OrtProvider.CUDA)) {
                LOG.infof(
                        "model %s: device %s asked, but this ONNX Runtime build has no CUDA execution provider "
                                + "(providers: %s); running on the CPU",
                        metadata.name(), lower(options.device()), env.getAvailableProviders());
            } else {
                try {
                    so.addCUDA(0);
                    s = env.createSession(onnx, so);
                    chosen = CUDA_PROVIDER;
                } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                    LOG.infof(
                            "model %s: device %s asked, but the CUDA execution provider failed (%s); running on "
                                    + "the CPU",
                            metadata.name(), lower(options.device()), e.getMessage());
                    so.close();
                    so = baseOptions(options);
                }
            }
        }
        try {
            if (s == null) {
                s = env.createSession(onnx, so);
            }
            checkPrecision(s, metadata, options.precision());
        } catch (OrtException | RuntimeException e) {
            if (s != null) {
                s.close();
            }
            so.close();
            throw e;
        }
        this.sessionOptions = so;
        this.session = s;
        this.provider = chosen;
        this.fixedTile = fixedTileSize(session, metadata);
        LOG.infof(
                "model %s (x%d) on %s: tile %d, overlap %d, %s",
                metadata.name(),
                metadata.scale(),
                provider,
                fixedTile > 0 ? fixedTile : options.tileSize(),
                options.overlap(),
                lower(options.precision()));
    }

    /**
     * A session for a model from the registry (the bytes whose hash was checked). Precision fp16 loads the model's
     * float16 variant from the registry ({@link VerifiedModel#float16()}, hash-checked too) unless {@code model}
     * already is that variant.
     *
     * @throws IllegalArgumentException fp16 asked for a model that has no float16 variant (bring-your-own ONNX
     *                                  models), naming the model
     * @throws io.darkroom.models.registry.ModelRegistryException when the float16 variant's file is missing or no
     *                                  longer has its recorded hash
     */
    public static TiledUpscaler open(VerifiedModel model, Options options) {
        VerifiedModel m = model;
        if (options.precision() == Precision.FP16 && !model.isFloat16()) {
            if (model.metadata().fp16() == null) {
                throw new IllegalArgumentException(noFloat16(model.metadata().name()));
            }
            m = model.float16();
        }
        return open(m.metadata(), m.bytes(), options);
    }

    /**
     * A session for ONNX bytes described by {@code metadata} (scale, tensors, layout, channel order, range). With
     * precision fp16 the bytes must be a float16 variant (its metadata_props say {@code darkroom.precision = fp16}),
     * with fp32 they must not be: a mismatch is refused with an IllegalArgumentException naming the model.
     */
    public static TiledUpscaler open(ModelMetadata metadata, byte[] onnx, Options options) {
        try {
            return new TiledUpscaler(metadata, onnx, options);
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "cannot load model " + metadata.name() + " in ONNX Runtime: " + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions baseOptions(Options options) throws OrtException {
        OrtSession.SessionOptions so = new OrtSession.SessionOptions();
        so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (options.threads() > 0) {
            so.setIntraOpNumThreads(options.threads());
        }
        so.setInterOpNumThreads(1);
        return so;
    }

    private static String noFloat16(String model) {
        return "model " + model + ": precision fp16 needs the model's float16 variant, and " + model + " has none "
                + "(bring-your-own ONNX models are float32 only; converted models get one when imported): use "
                + "precision fp32";
    }

    /** Refuses a float32 file for fp16 and a float16 variant for fp32 (what the file's metadata_props say). */
    private static void checkPrecision(OrtSession session, ModelMetadata metadata, Precision asked)
            throws OrtException {
        String declared = session.getMetadata().getCustomMetadata().get(Float16Variant.PRECISION_KEY);
        boolean float16 = Float16Variant.FP16.equals(declared);
        if (asked == Precision.FP16 && !float16) {
            if (metadata.fp16() != null) {
                throw new IllegalArgumentException("model " + metadata.name() + ": precision fp16 runs its float16 "
                        + "variant (" + metadata.fp16().file() + "), and these are the bytes of its float32 file: "
                        + "open it with TiledUpscaler.open(VerifiedModel, options), which loads the variant");
            }
            throw new IllegalArgumentException(noFloat16(metadata.name()));
        }
        if (asked == Precision.FP32 && float16) {
            throw new IllegalArgumentException("model " + metadata.name() + ": these are the bytes of its float16 "
                    + "variant, and precision fp32 was asked: open the float32 file, or ask for precision fp16");
        }
    }

    /** "CPUExecutionProvider" or "CUDAExecutionProvider": what actually runs the model. */
    public String executionProvider() {
        return provider;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public Options options() {
        return options;
    }

    @Override
    public int scale() {
        return metadata.scale();
    }

    @Override
    public String name() {
        return metadata.name();
    }

    public synchronized Stats stats() {
        return new Stats(images, tiles, runNanos, totalNanos);
    }

    public synchronized void resetStats() {
        images = 0;
        tiles = 0;
        runNanos = 0;
        totalNanos = 0;
    }

    @Override
    public synchronized RgbImage upscale(RgbImage in) {
        long start = System.nanoTime();
        int s = metadata.scale();
        int pad = options.overlap();
        int extW = in.width() + 2 * pad;
        int extH = in.height() + 2 * pad;
        int tileW = fixedTile > 0 ? fixedTile : Math.min(options.tileSize(), extW);
        int tileH = fixedTile > 0 ? fixedTile : Math.min(options.tileSize(), extH);
        int[] xs = origins(extW, tileW, options.overlap());
        int[] ys = origins(extH, tileH, options.overlap());
        int outW = in.width() * s;
        int outH = in.height() * s;
        RgbImage out = RgbImage.blank(outW, outH);
        float[] weightSum = new float[outW * outH];
        FloatBuffer input = ByteBuffer.allocateDirect(tileW * tileH * 3 * Float.BYTES)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        long[] shape = nchw ? new long[] {1, 3, tileH, tileW} : new long[] {1, tileH, tileW, 3};
        for (int ty : ys) {
            float[] wy = ramp(tileH, s, options.overlap(), ty > 0, ty + tileH < extH);
            for (int tx : xs) {
                float[] wx = ramp(tileW, s, options.overlap(), tx > 0, tx + tileW < extW);
                fill(input, in, tx - pad, ty - pad, tileW, tileH);
                float[] result = run(input, shape, tileW * s, tileH * s);
                accumulate(result, out, weightSum, (tx - pad) * s, (ty - pad) * s, tileW * s, tileH * s, wx, wy);
            }
        }
        for (int c = 0; c < 3; c++) {
            float[] plane = out.plane(c);
            for (int i = 0; i < plane.length; i++) {
                plane[i] /= weightSum[i];
            }
        }
        images++;
        totalNanos += System.nanoTime() - start;
        return out;
    }

    /** Tile origins along one axis of the extended image: a step of tile - overlap, the last one moved back. */
    static int[] origins(int extent, int tile, int overlap) {
        if (tile >= extent) {
            return new int[] {0};
        }
        int step = tile - overlap;
        int n = (extent - tile + step - 1) / step + 1;
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = Math.min(i * step, extent - tile);
        }
        return o;
    }

    /**
     * Blend weights along one axis of a tile's output. Over each overlap L = overlap * scale output pixels shared with
     * a neighbour, the weight is 0 for the outer L/4 (the pixels nearest the tile's edge, where the model's own zero
     * padding darkens its output), rises linearly across the middle L/2 and is 1 beyond: two neighbours' weights
     * sum to 1 across a shared overlap.
     */
    static float[] ramp(int tile, int scale, int overlap, boolean before, boolean after) {
        int n = tile * scale;
        float length = overlap * scale;
        float guard = length / 4;
        float rise = length - 2 * guard;
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            float v = 1f;
            if (length > 0 && before) {
                v = Math.min(v, Math.max(0f, (i + 0.5f - guard) / rise));
            }
            if (length > 0 && after) {
                v = Math.min(v, Math.max(0f, (n - i - 0.5f - guard) / rise));
            }
            w[i] = v;
        }
        return w;
    }

    /** Copies the tile at (x0, y0) of the image (edge-replicated outside it) into the model's layout and range. */
    private void fill(FloatBuffer buf, RgbImage in, int x0, int y0, int tileW, int tileH) {
        float lo = (float) metadata.input().min();
        float span = (float) (metadata.input().max() - metadata.input().min());
        int w = in.width();
        int[] sx = new int[tileW];
        for (int x = 0; x < tileW; x++) {
            sx[x] = Math.max(0, Math.min(w - 1, x0 + x));
        }
        buf.clear();
        if (nchw) {
            for (int c = 0; c < 3; c++) {
                float[] plane = in.plane(channelOf[c]);
                for (int y = 0; y < tileH; y++) {
                    int row = Math.max(0, Math.min(in.height() - 1, y0 + y)) * w;
                    for (int x = 0; x < tileW; x++) {
                        buf.put(plane[row + sx[x]] * span + lo);
                    }
                }
            }
        } else {
            float[] p0 = in.plane(channelOf[0]);
            float[] p1 = in.plane(channelOf[1]);
            float[] p2 = in.plane(channelOf[2]);
            for (int y = 0; y < tileH; y++) {
                int row = Math.max(0, Math.min(in.height() - 1, y0 + y)) * w;
                for (int x = 0; x < tileW; x++) {
                    int i = row + sx[x];
                    buf.put(p0[i] * span + lo).put(p1[i] * span + lo).put(p2[i] * span + lo);
                }
            }
        }
        buf.rewind();
    }

    private float[] run(FloatBuffer input, long[] shape, int expectW, int expectH) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape)) {
            long t0 = System.nanoTime();
            try (OrtSession.Result result = session.run(Map.of(metadata.input().tensor(), tensor))) {
                runNanos += System.nanoTime() - t0;
                tiles++;
                OnnxTensor out = (OnnxTensor) result.get(metadata.output().tensor())
                        .orElseThrow(() -> new IllegalStateException("model " + metadata.name() + " has no output '"
                                + metadata.output().tensor() + "'"));
                long[] got = out.getInfo().getShape();
                long[] want = nchw ? new long[] {1, 3, expectH, expectW} : new long[] {1, expectH, expectW, 3};
                if (!java.util.Arrays.equals(got, want)) {
                    throw new IllegalStateException("model " + metadata.name() + " (scale " + metadata.scale()
                            + ") returned shape " + java.util.Arrays.toString(got) + " for input "
                            + java.util.Arrays.toString(shape) + "; expected " + java.util.Arrays.toString(want));
                }
                FloatBuffer fb = out.getFloatBuffer();
                float[] values = new float[fb.remaining()];
                fb.get(values);
                return values;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("model " + metadata.name() + " failed on a tile: " + e.getMessage(), e);
        }
    }

    /** Adds one tile's output, weighted, into the output planes (the parts that fall inside the picture). */
    private void accumulate(
            float[] result, RgbImage out, float[] weightSum, int ox, int oy, int w, int h, float[] wx, float[] wy) {
        float lo = (float) metadata.output().min();
        float inv = (float) (1.0 / (metadata.output().max() - metadata.output().min()));
        int outW = out.width();
        int x0 = Math.max(0, -ox);
        int x1 = Math.min(w, outW - ox);
        int y0 = Math.max(0, -oy);
        int y1 = Math.min(h, out.height() - oy);
        float[][] planes = {out.plane(channelOf[0]), out.plane(channelOf[1]), out.plane(channelOf[2])};
        for (int y = y0; y < y1; y++) {
            int dstRow = (oy + y) * outW + ox;
            for (int x = x0; x < x1; x++) {
                float weight = wy[y] * wx[x];
                int d = dstRow + x;
                weightSum[d] += weight;
                for (int c = 0; c < 3; c++) {
                    float v = nchw ? result[(c * h + y) * w + x] : result[(y * w + x) * 3 + c];
                    planes[c][d] += weight * ((v - lo) * inv);
                }
            }
        }
    }

    private static boolean layout(String layout) {
        return switch (layout == null ? "" : layout.toUpperCase(Locale.ROOT)) {
            case "NCHW" -> true;
            case "NHWC" -> false;
            default -> throw new IllegalArgumentException("unsupported tensor layout '" + layout + "': NHWC or NCHW");
        };
    }

    private static int[] channels(String order) {
        return switch (order == null ? "RGB" : order.toUpperCase(Locale.ROOT)) {
            case "RGB" -> new int[] {0, 1, 2};
            case "BGR" -> new int[] {2, 1, 0};
            default -> throw new IllegalArgumentException("unsupported channel order '" + order + "': RGB or BGR");
        };
    }

    /** The model's input height/width when fixed and square (then every tile has that size), else 0. */
    private static int fixedTileSize(OrtSession session, ModelMetadata metadata) throws OrtException {
        var info = session.getInputInfo().get(metadata.input().tensor());
        if (info == null) {
            throw new IllegalArgumentException("model " + metadata.name() + " has no input '"
                    + metadata.input().tensor() + "' (it has " + session.getInputNames() + ")");
        }
        long[] shape = ((TensorInfo) info.getInfo()).getShape();
        if (shape.length != 4) {
            throw new IllegalArgumentException("model " + metadata.name() + ": input '"
                    + metadata.input().tensor() + "' has rank " + shape.length + ", expected 4");
        }
        boolean nchw = layout(metadata.input().layout());
        long h = nchw ? shape[2] : shape[1];
        long w = nchw ? shape[3] : shape[2];
        if (h <= 0 && w <= 0) {
            return 0;
        }
        if (h != w || h <= 0) {
            throw new IllegalArgumentException(
                    "model " + metadata.name() + ": input size " + h + "x" + w + " is neither free nor a fixed square");
        }
        return (int) h;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warnf("closing model %s: %s", metadata.name(), e.getMessage());
        }
        sessionOptions.close();
    }
}
