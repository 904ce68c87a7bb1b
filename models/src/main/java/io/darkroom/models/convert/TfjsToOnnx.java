package io.darkroom.models.convert;

import io.darkroom.models.onnx.Float16Variant;
import io.darkroom.models.onnx.OnnxModel;
import io.darkroom.models.onnx.OnnxModel.Attribute;
import io.darkroom.models.onnx.OnnxModel.IntAttr;
import io.darkroom.models.onnx.OnnxModel.IntsAttr;
import io.darkroom.models.onnx.OnnxModel.Node;
import io.darkroom.models.onnx.OnnxModel.StringAttr;
import io.darkroom.models.onnx.OnnxModel.Tensor;
import io.darkroom.models.tfjs.KerasLayer;
import io.darkroom.models.tfjs.TfjsFormatException;
import io.darkroom.models.tfjs.TfjsModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Converts a Keras image-to-image model read from TensorFlow.js ({@link TfjsModel}) into an ONNX graph (opset 17).
 * <ul>
 *   <li>Graph input {@value #INPUT}: NHWC float32 [1, H, W, C] with symbolic H and W, values as the model expects
 *       them (0..255 for the upscalerjs models: nothing is normalised).</li>
 *   <li>Transpose to NCHW; Conv2D becomes Conv with the kernel moved HWIO to OIHW, {@code same} padding becomes
 *       explicit pads (TensorFlow puts an odd extra row/column at the end; strided {@code same} uses
 *       auto_pad SAME_UPPER, which is the same rule), {@code valid} no padding; Activation becomes Relu/Identity;
 *       Concatenate's NHWC axis maps to NCHW; Add; UpSampling2D nearest becomes Resize nearest with
 *       asymmetric coordinates and floor rounding, so out[y] = in[floor(y / s)] as in Keras.</li>
 *   <li>Transpose back: graph output {@value #OUTPUT} NHWC [1, s*H, s*W, C'], raw and unclipped.</li>
 * </ul>
 * {@link Conversion#float16()} gives the float16 variant of the result.
 */
public final class TfjsToOnnx {

    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    public static final long OPSET = 17;
    public static final long IR_VERSION = 8;
    public static final String PRODUCER = "darkroom-models";

    private static final Logger LOG = Logger.getLogger(TfjsToOnnx.class);

    /** A converted graph and the spatial scale its upsampling layers apply. */
    public record Conversion(OnnxModel model, int scale) {
        /**
         * The same model in float16 ({@link Float16Variant}): weights stored as FLOAT16, a Cast after the input and
         * one before the output, so the interface stays NHWC float32 0..255; the Resize scales stay float32.
         */
        public OnnxModel float16() {
            return Float16Variant.of(model);
        }
    }

    private final TfjsModel source;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Tensor> initializers = new ArrayList<>();
    private final Map<String, String> tensorOf = new HashMap<>();
    private int upH = 1;
    private int upW = 1;
    private int strideH = 1;
    private int strideW = 1;

    private TfjsToOnnx(TfjsModel source) {
        this.source = source;
    }

    /**
     * Converts the model.
     *
     * @param metadata key/value pairs stored in the ONNX file's metadata_props (source, licence, ...)
     * @throws TfjsFormatException when the graph uses something that has no faithful translation here
     */
    public static Conversion convert(TfjsModel model, Map<String, String> metadata) {
        return new TfjsToOnnx(model).run(metadata);
    }

    private Conversion run(Map<String, String> metadata) {
        int inChannels = -1;
        for (KerasLayer layer : source.layers()) {
            if (layer instanceof KerasLayer.Input in) {
                if (!in.name().equals(source.inputLayer())) {
                    throw new TfjsFormatException("input layer '" + in.name() + "' is not the model input");
                }
                inChannels = in.channels();
                String t = define(in.name());
                nodes.add(new Node(
                        "Transpose",
                        in.name() + "/to_nchw",
                        List.of(INPUT),
                        List.of(t),
                        List.of(new IntsAttr("perm", 0, 3, 1, 2))));
            } else if (layer instanceof KerasLayer.Conv2D conv) {
                conv(conv);
            } else if (layer instanceof KerasLayer.Activation act) {
                activation(act.name(), use(act.inbound().get(0)), define(act.name()), act.function());
            } else if (layer instanceof KerasLayer.Concatenate cat) {
                int nchwAxis = new int[] {0, 2, 3, 1}[cat.axis()];
                nodes.add(new Node(
                        "Concat",
                        cat.name(),
                        uses(cat.inbound()),
                        List.of(define(cat.name())),
                        List.of(new IntAttr("axis", nchwAxis))));
            } else if (layer instanceof KerasLayer.Add add) {
                add(add);
            } else if (layer instanceof KerasLayer.UpSampling2D up) {
                upsample(up);
            }
        }
        if (inChannels < 0) {
            throw new TfjsFormatException("the model has no InputLayer");
        }
        String last = use(source.outputLayer());
        nodes.add(new Node(
                "Transpose",
                source.outputLayer() + "/to_nhwc",
                List.of(last),
                List.of(OUTPUT),
                List.of(new IntsAttr("perm", 0, 2, 3, 1))));
        int outChannels = outputChannels();
        int scale = scale();
        OnnxModel.Graph graph = new OnnxModel.Graph(
                source.name(),
                nodes,
                initializers,
                List.of(new OnnxModel.ValueInfo(
                        INPUT,
                        List.of(
                                new OnnxModel.Fixed(1),
                                new OnnxModel.Symbolic("H"),
                                new OnnxModel.Symbolic("W"),
                                new OnnxModel.Fixed(inChannels)))),
                List.of(new OnnxModel.ValueInfo(
                        OUTPUT,
                        List.of(
                                new OnnxModel.Fixed(1),
                                outDim("H", scale),
                                outDim("W", scale),
                                new OnnxModel.Fixed(outChannels)))));
        LOG.debugf(
                "converted %s: %d ONNX nodes, %d initializers, scale %d",
                source.name(), nodes.size(), initializers.size(), scale);
        return new Conversion(new OnnxModel(IR_VERSION, OPSET, PRODUCER, version(), graph, metadata), scale);
    }

    private void conv(KerasLayer.Conv2D conv) {
        TfjsModel.Weight kernel = source.weight(conv.name(), "kernel");
        int[] s = kernel.shape();
        if (s.length != 4 || s[0] != conv.kernelH() || s[1] != conv.kernelW() || s[3] != conv.filters()) {
            throw new TfjsFormatException("layer '" + conv.name() + "': kernel shape " + Arrays.toString(s)
                    + " does not match kernel_size " + conv.kernelH() + "x" + conv.kernelW() + " and filters "
                    + conv.filters());
        }
        strideH *= conv.strideH();
        strideW *= conv.strideW();
        String w = conv.name() + "/W";
        initializers.add(new Tensor(w, new long[] {s[3], s[2], s[0], s[1]}, hwioToOihw(kernel.values(), s)));
        List<String> inputs = new ArrayList<>(List.of(use(conv.inbound().get(0)), w));
        if (conv.useBias()) {
            TfjsModel.Weight bias = source.weight(conv.name(), "bias");
            if (bias.values().length != conv.filters()) {
                throw new TfjsFormatException("layer '" + conv.name() + "': bias has " + bias.values().length
                        + " values for " + conv.filters() + " filters");
            }
            String b = conv.name() + "/B";
            initializers.add(new Tensor(b, new long[] {conv.filters()}, bias.values()));
            inputs.add(b);
        }
        List<Attribute> attrs = new ArrayList<>(List.of(
                new IntsAttr("kernel_shape", conv.kernelH(), conv.kernelW()),
                new IntsAttr("strides", conv.strideH(), conv.strideW()),
                new IntsAttr("dilations", 1, 1),
                new IntAttr("group", 1)));
        if (conv.padding() == KerasLayer.Padding.SAME) {
            if (conv.strideH() == 1 && conv.strideW() == 1) {
                int top = (conv.kernelH() - 1) / 2;
                int left = (conv.kernelW() - 1) / 2;
                attrs.add(new IntsAttr("pads", top, left, conv.kernelH() - 1 - top, conv.kernelW() - 1 - left));
            } else {
                attrs.add(new StringAttr("auto_pad", "SAME_UPPER"));
            }
        } else {
            attrs.add(new IntsAttr("pads", 0, 0, 0, 0));
        }
        String out = define(conv.name());
        if (conv.activation() == KerasLayer.Function.LINEAR) {
            nodes.add(new Node("Conv", conv.name(), inputs, List.of(out), attrs));
        } else {
            String pre = conv.name() + "/conv";
            nodes.add(new Node("Conv", conv.name(), inputs, List.of(pre), attrs));
            activation(conv.name() + "/act", pre, out, conv.activation());
        }
    }

    private void activation(String name, String in, String out, KerasLayer.Function function) {
        String op = function == KerasLayer.Function.RELU ? "Relu" : "Identity";
        nodes.add(new Node(op, name, List.of(in), List.of(out), List.of()));
    }

    private void add(KerasLayer.Add add) {
        List<String> in = uses(add.inbound());
        String acc = in.get(0);
        for (int i = 1; i < in.size(); i++) {
            boolean last = i == in.size() - 1;
            String out = last ? define(add.name()) : add.name() + "/partial" + i;
            nodes.add(new Node(
                    "Add", last ? add.name() : add.name() + "/" + i, List.of(acc, in.get(i)), List.of(out), List.of()));
            acc = out;
        }
    }

    private void upsample(KerasLayer.UpSampling2D up) {
        String scales = up.name() + "/scales";
        initializers.add(new Tensor(scales, new long[] {4}, new float[] {1, 1, up.sizeH(), up.sizeW()}));
        nodes.add(new Node(
                "Resize",
                up.name(),
                List.of(use(up.inbound().get(0)), "", scales),
                List.of(define(up.name())),
                List.of(
                        new StringAttr("mode", "nearest"),
                        new StringAttr("coordinate_transformation_mode", "asymmetric"),
                        new StringAttr("nearest_mode", "floor"))));
        upH *= up.sizeH();
        upW *= up.sizeW();
    }

    /** HWIO [kh, kw, in, out] to OIHW [out, in, kh, kw]. */
    static float[] hwioToOihw(float[] hwio, int[] shape) {
        int kh = shape[0];
        int kw = shape[1];
        int ci = shape[2];
        int co = shape[3];
        float[] oihw = new float[hwio.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int i = 0; i < ci; i++) {
                    for (int o = 0; o < co; o++) {
                        oihw[((o * ci + i) * kh + y) * kw + x] = hwio[((y * kw + x) * ci + i) * co + o];
                    }
                }
            }
        }
        return oihw;
    }

    /** The channel count of the output layer, followed through the graph from the input. */
    private int outputChannels() {
        Map<String, Integer> channels = new HashMap<>();
        for (KerasLayer layer : source.layers()) {
            int c;
            if (layer instanceof KerasLayer.Input in) {
                c = in.channels();
            } else if (layer instanceof KerasLayer.Conv2D conv) {
                c = conv.filters();
            } else if (layer instanceof KerasLayer.Concatenate cat && cat.axis() == 3) {
                c = cat.inbound().stream().mapToInt(channels::get).sum();
            } else {
                c = channels.get(layer.inbound().get(0));
            }
            channels.put(layer.name(), c);
        }
        return channels.get(source.outputLayer());
    }

    /**
     * Upsampling factors divided by strides; assumes one chain from input to output, as in the upscalerjs models.
     * Must be a whole number, the same both ways.
     */
    private int scale() {
        if (upH % strideH != 0 || upW % strideW != 0 || upH / strideH != upW / strideW) {
            throw new TfjsFormatException("the model scales by " + upH + "/" + strideH + " x " + upW + "/" + strideW
                    + ": only a whole, equal horizontal and vertical scale is supported");
        }
        return upH / strideH;
    }

    /** The output's symbolic size: "H*2" for a plain upscaler, "H_out" when strides make it depend on rounding. */
    private OnnxModel.Dim outDim(String param, int scale) {
        if (strideH > 1 || strideW > 1) {
            return new OnnxModel.Symbolic(param + "_out");
        }
        return new OnnxModel.Symbolic(scale == 1 ? param : param + "*" + scale);
    }

    /** ONNX tensor names: the Keras layer names, kept apart from the graph's own input/output names. */
    private String define(String layer) {
        String tensor = layer.equals(INPUT) || layer.equals(OUTPUT) ? layer + "_" : layer;
        tensorOf.put(layer, tensor);
        return tensor;
    }

    private String use(String layer) {
        String tensor = tensorOf.get(layer);
        if (tensor == null) {
            throw new TfjsFormatException("layer '" + layer + "' is used before it is defined");
        }
        return tensor;
    }

    private List<String> uses(List<String> layers) {
        return layers.stream().map(this::use).toList();
    }

    private static String version() {
        String v = TfjsToOnnx.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
