package io.darkroom.models.tfjs;

import java.util.List;

/**
 * The Keras layers of a functional model that Darkroom can convert, as read from a TensorFlow.js layers model.
 * Tensors are NHWC (channels_last). {@code inbound} names the layers whose outputs feed this one, in order.
 */
public sealed interface KerasLayer
        permits KerasLayer.Input,
                KerasLayer.Conv2D,
                KerasLayer.Activation,
                KerasLayer.Concatenate,
                KerasLayer.Add,
                KerasLayer.UpSampling2D {

    String name();

    List<String> inbound();

    /** The model input; {@code channels} is the last dimension of batch_input_shape. */
    record Input(String name, int channels) implements KerasLayer {
        @Override
        public List<String> inbound() {
            return List.of();
        }
    }

    /** Keras Conv2D padding: {@code same} keeps the spatial size (extra row/column at the end), {@code valid} none. */
    enum Padding {
        SAME,
        VALID
    }

    /** Built-in activations a layer may apply to its output. */
    enum Function {
        LINEAR,
        RELU
    }

    /** A 2D convolution, kernel HWIO [kernelH, kernelW, in, filters]; dilation 1, one group. */
    record Conv2D(
            String name,
            List<String> inbound,
            int filters,
            int kernelH,
            int kernelW,
            int strideH,
            int strideW,
            Padding padding,
            Function activation,
            boolean useBias)
            implements KerasLayer {
        public Conv2D {
            inbound = List.copyOf(inbound);
        }
    }

    record Activation(String name, List<String> inbound, Function function) implements KerasLayer {
        public Activation {
            inbound = List.copyOf(inbound);
        }
    }

    /** Concatenation along a Keras (NHWC) axis, normalised to 0..3. */
    record Concatenate(String name, List<String> inbound, int axis) implements KerasLayer {
        public Concatenate {
            inbound = List.copyOf(inbound);
        }
    }

    /** Element-wise sum of two or more inputs. */
    record Add(String name, List<String> inbound) implements KerasLayer {
        public Add {
            inbound = List.copyOf(inbound);
        }
    }

    /** Nearest-neighbour upsampling by whole factors: out[y][x] = in[y / sizeH][x / sizeW]. */
    record UpSampling2D(String name, List<String> inbound, int sizeH, int sizeW) implements KerasLayer {
        public UpSampling2D {
            inbound = List.copyOf(inbound);
        }
    }
}
