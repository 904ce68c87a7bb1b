package io.darkroom.models.testing;

import io.darkroom.models.tfjs.KerasLayer;
import io.darkroom.models.tfjs.TfjsModel;
import java.util.HashMap;
import java.util.Map;

/**
 * A plain double-precision forward pass of a {@link TfjsModel} in NHWC, written straight from Keras' definitions:
 * the independent reference the converted ONNX graph is compared with.
 */
public final class KerasReference {

    /** An NHWC tensor with batch 1. */
    public record Image(int h, int w, int c, double[] v) {
        double at(int y, int x, int ch) {
            return v[(y * w + x) * c + ch];
        }
    }

    private KerasReference() {}

    public static float[] run(TfjsModel model, float[] input, int h, int w) {
        Map<String, Image> values = new HashMap<>();
        for (KerasLayer layer : model.layers()) {
            Image out;
            if (layer instanceof KerasLayer.Input in) {
                double[] v = new double[input.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = input[i];
                }
                out = new Image(h, w, in.channels(), v);
            } else if (layer instanceof KerasLayer.Conv2D conv) {
                out = conv(values.get(conv.inbound().get(0)), conv, model);
            } else if (layer instanceof KerasLayer.Activation act) {
                out = apply(values.get(act.inbound().get(0)), act.function());
            } else if (layer instanceof KerasLayer.Concatenate cat) {
                out = concat(cat, values);
            } else if (layer instanceof KerasLayer.Add add) {
                Image first = values.get(add.inbound().get(0));
                double[] sum = first.v().clone();
                for (int i = 1; i < add.inbound().size(); i++) {
                    double[] other = values.get(add.inbound().get(i)).v();
                    for (int j = 0; j < sum.length; j++) {
                        sum[j] += other[j];
                    }
                }
                out = new Image(first.h(), first.w(), first.c(), sum);
            } else if (layer instanceof KerasLayer.UpSampling2D up) {
                out = upsample(values.get(up.inbound().get(0)), up.sizeH(), up.sizeW());
            } else {
                throw new IllegalArgumentException("no reference for " + layer);
            }
            values.put(layer.name(), out);
        }
        double[] result = values.get(model.outputLayer()).v();
        float[] f = new float[result.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) result[i];
        }
        return f;
    }

    private static Image conv(Image in, KerasLayer.Conv2D conv, TfjsModel model) {
        float[] k = model.weight(conv.name(), "kernel").values();
        float[] b = conv.useBias() ? model.weight(conv.name(), "bias").values() : new float[conv.filters()];
        int kh = conv.kernelH();
        int kw = conv.kernelW();
        int sh = conv.strideH();
        int sw = conv.strideW();
        int co = conv.filters();
        int oh;
        int ow;
        int padTop;
        int padLeft;
        if (conv.padding() == KerasLayer.Padding.SAME) {
            oh = (in.h() + sh - 1) / sh;
            ow = (in.w() + sw - 1) / sw;
            padTop = Math.max((oh - 1) * sh + kh - in.h(), 0) / 2;
            padLeft = Math.max((ow - 1) * sw + kw - in.w(), 0) / 2;
        } else {
            oh = (in.h() - kh) / sh + 1;
            ow = (in.w() - kw) / sw + 1;
            padTop = 0;
            padLeft = 0;
        }
        double[] out = new double[oh * ow * co];
        double[] acc = new double[co];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                for (int o = 0; o < co; o++) {
                    acc[o] = b[o];
                }
                for (int dy = 0; dy < kh; dy++) {
                    int iy = y * sh + dy - padTop;
                    if (iy < 0 || iy >= in.h()) {
                        continue;
                    }
                    for (int dx = 0; dx < kw; dx++) {
                        int ix = x * sw + dx - padLeft;
                        if (ix < 0 || ix >= in.w()) {
                            continue;
                        }
                        for (int i = 0; i < in.c(); i++) {
                            double v = in.at(iy, ix, i);
                            int base = ((dy * kw + dx) * in.c() + i) * co;
                            for (int o = 0; o < co; o++) {
                                acc[o] += v * k[base + o];
                            }
                        }
                    }
                }
                System.arraycopy(acc, 0, out, (y * ow + x) * co, co);
            }
        }
        return apply(new Image(oh, ow, co, out), conv.activation());
    }

    private static Image apply(Image in, KerasLayer.Function f) {
        if (f == KerasLayer.Function.LINEAR) {
            return in;
        }
        double[] v = in.v().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, v[i]);
        }
        return new Image(in.h(), in.w(), in.c(), v);
    }

    private static Image concat(KerasLayer.Concatenate cat, Map<String, Image> values) {
        if (cat.axis() != 3) {
            throw new IllegalArgumentException("reference concatenates channels only");
        }
        Image first = values.get(cat.inbound().get(0));
        int c = cat.inbound().stream().mapToInt(n -> values.get(n).c()).sum();
        double[] out = new double[first.h() * first.w() * c];
        int offset = 0;
        for (String name : cat.inbound()) {
            Image part = values.get(name);
            for (int p = 0; p < first.h() * first.w(); p++) {
                System.arraycopy(part.v(), p * part.c(), out, p * c + offset, part.c());
            }
            offset += part.c();
        }
        return new Image(first.h(), first.w(), c, out);
    }

    private static Image upsample(Image in, int sh, int sw) {
        int oh = in.h() * sh;
        int ow = in.w() * sw;
        double[] out = new double[oh * ow * in.c()];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                System.arraycopy(in.v(), ((y / sh) * in.w() + x / sw) * in.c(), out, (y * ow + x) * in.c(), in.c());
            }
        }
        return new Image(oh, ow, in.c(), out);
    }
}
