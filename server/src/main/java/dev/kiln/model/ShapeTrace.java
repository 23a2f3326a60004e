package dev.kiln.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a model does to an input of a given shape, layer by layer (the batch axis left out): each layer's input and
 * output shape, parameters and multiply-accumulates, and the padding a {@code same} window needs — or the first
 * layer that does not fit, and why. Shapes are channels-first: a table's row is {@code (features)}, a sequence
 * {@code (channels, length)}, an image {@code (channels, height, width)}. Convolution and pooling arithmetic
 * follows Keras; a 1D layer reads a flat input as a sequence with one channel.
 */
public record ShapeTrace(int[] input, List<Step> steps, Optional<Misfit> misfit) {

    /**
     * One layer.
     *
     * @param received the shape the layer works on (a flat input read as a sequence shows as {@code (1, length)})
     * @param padding zeros added before and after each spatial axis (height then width, or length)
     * @param trainable parameters the optimizer updates (batch normalization's running statistics are not)
     */
    public record Step(int index, String type, int[] received, int[] output, long parameters, long trainable,
                       long multiplyAccumulates, int[] padding) {}

    /** The first layer that does not fit its input. */
    public record Misfit(int index, String reason) {
        public String path() {
            return "layers[" + index + "]";
        }
    }

    public boolean fits() {
        return misfit.isEmpty();
    }

    public long parameters() {
        return steps.stream().mapToLong(Step::parameters).sum();
    }

    public long trainableParameters() {
        return steps.stream().mapToLong(Step::trainable).sum();
    }

    /** The forward pass's multiply-accumulates per sample (dense and convolution layers). */
    public long multiplyAccumulates() {
        return steps.stream().mapToLong(Step::multiplyAccumulates).sum();
    }

    /** The most values any layer outputs per sample (the input included): what one sample's activations need. */
    public long largestActivation() {
        long largest = size(input);
        for (Step step : steps) {
            largest = Math.max(largest, size(step.output()));
        }
        return largest;
    }

    public int[] output() {
        return steps.isEmpty() ? input : steps.get(steps.size() - 1).output();
    }

    /** Traces {@code spec} on inputs of shape {@code input}; stops at the first layer that does not fit. */
    public static ShapeTrace of(ModelSpec spec, int[] input) {
        List<Step> steps = new ArrayList<>();
        int[] shape = input.clone();
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            try {
                Step step = step(i, layer, shape);
                steps.add(step);
                shape = step.output();
            } catch (DoesNotFit e) {
                return new ShapeTrace(input.clone(), List.copyOf(steps), Optional.of(new Misfit(i, e.getMessage())));
            }
        }
        if (shape.length != 1) {
            int last = spec.layers().size() - 1;
            return new ShapeTrace(input.clone(), List.copyOf(steps), Optional.of(new Misfit(last, "the model's output "
                    + "is " + describe(shape) + "; it must be flat: end with dense layers after flatten or "
                    + "globalAvgPool2d")));
        }
        return new ShapeTrace(input.clone(), List.copyOf(steps), Optional.empty());
    }

    private static final class DoesNotFit extends Exception {
        DoesNotFit(String reason) {
            super(reason, null, false, false);
        }
    }

    private static Step step(int index, LayerSpec layer, int[] in) throws DoesNotFit {
        String type = typeName(layer);
        if (layer instanceof LayerSpec.Dense dense) {
            if (in.length != 1) {
                throw new DoesNotFit("dense needs a flat input but gets " + describe(in) + "; add flatten or "
                        + "globalAvgPool2d before it");
            }
            long weights = (long) in[0] * dense.units();
            long params = weights + (dense.useBias() ? dense.units() : 0);
            return new Step(index, type, in, new int[] {dense.units()}, params, params, weights, null);
        }
        if (layer instanceof LayerSpec.BatchNorm) {
            long channels = in[0];
            return new Step(index, type, in, in, 4 * channels, 2 * channels, 0, null);
        }
        if (layer instanceof LayerSpec.Flatten) {
            return new Step(index, type, in, new int[] {Math.toIntExact(size(in))}, 0, 0, 0, null);
        }
        if (layer instanceof LayerSpec.Conv2d conv) {
            image(type, in);
            Window k = conv.kernelSize();
            Window s = conv.strides();
            Window d = conv.dilation();
            int height = conv.padding().output(in[1], k.height(), s.height(), d.height());
            int width = conv.padding().output(in[2], k.width(), s.width(), d.width());
            if (height < 1 || width < 1) {
                throw new DoesNotFit("the " + k + " kernel" + (d.height() > 1 || d.width() > 1 ? " (dilated by " + d
                        + ")" : "") + " does not fit the " + in[1] + "×" + in[2] + " input; use a smaller kernel or "
                        + "padding 'same'");
            }
            long weights = (long) k.height() * k.width() * in[0] * conv.filters();
            long params = weights + (conv.useBias() ? conv.filters() : 0);
            return new Step(index, type, in, new int[] {conv.filters(), height, width}, params, params,
                    weights * height * width, padding2d(conv.padding(), in, k, s, d));
        }
        if (layer instanceof LayerSpec.Pooling2d pool) {
            image(type, in);
            Window k = pool.poolSize();
            Window s = pool.strides();
            int height = pool.padding().output(in[1], k.height(), s.height(), 1);
            int width = pool.padding().output(in[2], k.width(), s.width(), 1);
            if (height < 1 || width < 1) {
                throw new DoesNotFit("the " + k + " pool does not fit the " + in[1] + "×" + in[2] + " input; use a "
                        + "smaller pool or padding 'same'");
            }
            return new Step(index, type, in, new int[] {in[0], height, width}, 0, 0, 0,
                    padding2d(pool.padding(), in, k, s, Window.square(1)));
        }
        if (layer instanceof LayerSpec.GlobalAvgPool2d) {
            image(type, in);
            return new Step(index, type, in, new int[] {in[0]}, 0, 0, 0, null);
        }
        if (layer instanceof LayerSpec.Conv1d conv) {
            int[] seq = sequence(type, in);
            int length = conv.padding().output(seq[1], conv.kernelSize(), conv.strides(), conv.dilation());
            if (length < 1) {
                throw new DoesNotFit("the kernel of " + conv.kernelSize() + (conv.dilation() > 1 ? " (dilated by "
                        + conv.dilation() + ")" : "") + " does not fit the sequence of " + seq[1] + "; use a smaller "
                        + "kernel or padding 'same'");
            }
            long weights = (long) conv.kernelSize() * seq[0] * conv.filters();
            long params = weights + (conv.useBias() ? conv.filters() : 0);
            return new Step(index, type, seq, new int[] {conv.filters(), length}, params, params, weights * length,
                    conv.padding().amounts(seq[1], conv.kernelSize(), conv.strides(), conv.dilation()));
        }
        if (layer instanceof LayerSpec.MaxPool1d pool) {
            int[] seq = sequence(type, in);
            int length = pool.padding().output(seq[1], pool.poolSize(), pool.strides(), 1);
            if (length < 1) {
                throw new DoesNotFit("the pool of " + pool.poolSize() + " does not fit the sequence of " + seq[1]
                        + "; use a smaller pool or padding 'same'");
            }
            return new Step(index, type, seq, new int[] {seq[0], length}, 0, 0, 0,
                    pool.padding().amounts(seq[1], pool.poolSize(), pool.strides(), 1));
        }
        // dropout and activation layers keep the shape
        return new Step(index, type, in, in, 0, 0, 0, null);
    }

    private static int[] padding2d(Padding padding, int[] in, Window k, Window s, Window d) {
        int[] vertical = padding.amounts(in[1], k.height(), s.height(), d.height());
        int[] horizontal = padding.amounts(in[2], k.width(), s.width(), d.width());
        return new int[] {vertical[0], vertical[1], horizontal[0], horizontal[1]};
    }

    private static void image(String type, int[] in) throws DoesNotFit {
        if (in.length == 3) {
            return;
        }
        throw new DoesNotFit(type + " needs images (channels, height, width) but gets " + describe(in)
                + (in.length == 1 ? "; a table's features are flat — use conv1d to read them as a sequence"
                : "; use conv1d and maxPool1d on sequences"));
    }

    private static int[] sequence(String type, int[] in) throws DoesNotFit {
        if (in.length == 2) {
            return in;
        }
        if (in.length == 1) {
            return new int[] {1, in[0]};
        }
        throw new DoesNotFit(type + " needs a sequence (channels, length) but gets " + describe(in)
                + "; use conv2d and maxPool2d on images");
    }

    static long size(int[] shape) {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        return size;
    }

    /** A shape as people write it: (32, 26, 26). */
    public static String describe(int[] shape) {
        return Arrays.stream(shape).mapToObj(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }

    /** The layer's {@code type} as written in JSON. */
    public static String typeName(LayerSpec layer) {
        for (JsonSubTypes.Type t : LayerSpec.class.getAnnotation(JsonSubTypes.class).value()) {
            if (t.value() == layer.getClass()) {
                return t.name();
            }
        }
        return layer.getClass().getSimpleName();
    }
}
