package dev.kiln.model;

import dev.kiln.model.ShapeTrace.Step;
import java.util.List;

/**
 * The shape arithmetic of the layers that read one input: output shape, parameters and multiply-accumulates, and
 * the padding {@code same} windows need (Keras's rules).
 */
final class LayerShapes {
    private LayerShapes() {}

    /** A layer that does not fit its input, and why. */
    static final class DoesNotFit extends Exception {
        DoesNotFit(String reason) {
            super(reason, null, false, false);
        }
    }

    static Step step(int index, LayerSpec layer, int[] in, int vocabulary) throws DoesNotFit {
        String type = ShapeTrace.typeName(layer);
        if (layer instanceof Sequences sequences) {
            return SequenceShapes.step(index, type, sequences, in);
        }
        if (layer instanceof LayerSpec.Dense dense) {
            if (in.length != 1) {
                throw new DoesNotFit("dense needs a flat input but gets " + ShapeTrace.describe(in)
                        + "; add flatten or globalAvgPool2d before it");
            }
            long weights = (long) in[0] * dense.units();
            long params = weights + (dense.useBias() ? dense.units() : 0);
            return Step.of(index, type, in, new int[] {dense.units()}, params, params, weights, null);
        }
        if (layer instanceof LayerSpec.BatchNorm) {
            long channels = in[0];
            return Step.of(index, type, in, in, 4 * channels, 2 * channels, 0, null);
        }
        if (layer instanceof LayerSpec.Flatten) {
            return Step.of(index, type, in, new int[] {Math.toIntExact(ShapeTrace.size(in))}, 0, 0, 0, null);
        }
        if (layer instanceof Convolutions.Conv2d conv) {
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
            return Step.of(index, type, in, new int[] {conv.filters(), height, width}, params, params,
                    weights * height * width, padding2d(conv.padding(), in, k, s, d));
        }
        if (layer instanceof Pooling.Pooling2d pool) {
            image(type, in);
            Window k = pool.poolSize();
            Window s = pool.strides();
            int height = pool.padding().output(in[1], k.height(), s.height(), 1);
            int width = pool.padding().output(in[2], k.width(), s.width(), 1);
            if (height < 1 || width < 1) {
                throw new DoesNotFit("the " + k + " pool does not fit the " + in[1] + "×" + in[2] + " input; use a "
                        + "smaller pool or padding 'same'");
            }
            return Step.of(index, type, in, new int[] {in[0], height, width}, 0, 0, 0,
                    padding2d(pool.padding(), in, k, s, Window.square(1)));
        }
        if (layer instanceof Pooling.GlobalAvgPool2d) {
            image(type, in);
            return Step.of(index, type, in, new int[] {in[0]}, 0, 0, 0, null);
        }
        if (layer instanceof Convolutions.Conv1d conv) {
            int[] seq = sequence(type, in);
            int length = conv.padding().output(seq[1], conv.kernelSize(), conv.strides(), conv.dilation());
            if (length < 1) {
                throw new DoesNotFit("the kernel of " + conv.kernelSize() + (conv.dilation() > 1 ? " (dilated by "
                        + conv.dilation() + ")" : "") + " does not fit the sequence of " + seq[1] + "; use a smaller "
                        + "kernel or padding 'same'");
            }
            long weights = (long) conv.kernelSize() * seq[0] * conv.filters();
            long params = weights + (conv.useBias() ? conv.filters() : 0);
            return Step.of(index, type, seq, new int[] {conv.filters(), length}, params, params, weights * length,
                    conv.padding().amounts(seq[1], conv.kernelSize(), conv.strides(), conv.dilation()));
        }
        if (layer instanceof Pooling.MaxPool1d pool) {
            int[] seq = sequence(type, in);
            int length = pool.padding().output(seq[1], pool.poolSize(), pool.strides(), 1);
            if (length < 1) {
                throw new DoesNotFit("the pool of " + pool.poolSize() + " does not fit the sequence of " + seq[1]
                        + "; use a smaller pool or padding 'same'");
            }
            return Step.of(index, type, seq, new int[] {seq[0], length}, 0, 0, 0,
                    pool.padding().amounts(seq[1], pool.poolSize(), pool.strides(), 1));
        }
        return reshaping(index, type, layer, in, vocabulary);
    }

    /** Layers added for graphs: embeddings, layer normalization, global pools, reshape, permute, identity. */
    private static Step reshaping(int index, String type, LayerSpec layer, int[] in, int vocabulary)
            throws DoesNotFit {
        if (layer instanceof LayerSpec.Embedding embedding) {
            if (in.length != 1) {
                throw new DoesNotFit("embedding reads ids, a flat (columns) input, but gets "
                        + ShapeTrace.describe(in));
            }
            int inputDim = embedding.inputDim() != null ? embedding.inputDim() : vocabulary;
            if (inputDim < 1) {
                throw new DoesNotFit("embedding needs inputDim: it reads no input whose columns are all ids "
                        + "(categories encoded ordinal, or text in int mode), so the vocabulary cannot be taken from "
                        + "them");
            }
            if (embedding.inputDim() != null && vocabulary > inputDim) {
                throw new DoesNotFit("inputDim " + inputDim + " is smaller than the " + vocabulary + " ids its "
                        + "columns give (their vocabulary, with the ids for unknown and padding)");
            }
            long params = (long) inputDim * embedding.outputDim();
            return Step.of(index, type, in, new int[] {embedding.outputDim(), in[0]}, params, params, 0, null);
        }
        if (layer instanceof LayerSpec.LayerNorm norm) {
            long channels = in[0];
            long params = (norm.center() ? channels : 0) + (norm.scale() ? channels : 0);
            return Step.of(index, type, in, in, params, params, 0, null);
        }
        if (layer instanceof Pooling.GlobalMaxPool2d) {
            image(type, in);
            return Step.of(index, type, in, new int[] {in[0]}, 0, 0, 0, null);
        }
        if (layer instanceof Pooling.GlobalMaxPool1d || layer instanceof Pooling.GlobalAvgPool1d) {
            if (in.length != 2) {
                throw new DoesNotFit(type + " needs a sequence (channels, length) but gets " + ShapeTrace.describe(in));
            }
            return Step.of(index, type, in, new int[] {in[0]}, 0, 0, 0, null);
        }
        if (layer instanceof Reshaping.Reshape reshape) {
            return Step.of(index, type, in, reshaped(reshape.targetShape(), in), 0, 0, 0, null);
        }
        if (layer instanceof Reshaping.Permute permute) {
            return Step.of(index, type, in, permuted(permute.dims(), in), 0, 0, 0, null);
        }
        // dropout, activation and identity layers keep the shape
        return Step.of(index, type, in, in, 0, 0, 0, null);
    }

    private static int[] reshaped(List<Integer> target, int[] in) throws DoesNotFit {
        long size = ShapeTrace.size(in);
        long known = 1;
        int free = -1;
        for (int i = 0; i < target.size(); i++) {
            int d = target.get(i);
            if (d == -1) {
                if (free >= 0) {
                    throw new DoesNotFit("targetShape may leave one axis to -1, not two");
                }
                free = i;
            } else if (d < 1) {
                throw new DoesNotFit("targetShape's axes are positive (or one -1)");
            } else {
                known *= d;
            }
        }
        int[] out = target.stream().mapToInt(Integer::intValue).toArray();
        if (free >= 0) {
            if (size % known != 0) {
                throw new DoesNotFit("the " + size + " values of " + ShapeTrace.describe(in) + " do not divide into "
                        + target);
            }
            out[free] = Math.toIntExact(size / known);
        } else if (known != size) {
            throw new DoesNotFit(ShapeTrace.describe(in) + " holds " + size + " values; " + target + " holds " + known);
        }
        return out;
    }

    private static int[] permuted(List<Integer> dims, int[] in) throws DoesNotFit {
        if (dims.size() != in.length || dims.stream().distinct().count() != in.length
                || dims.stream().anyMatch(d -> d < 1 || d > in.length)) {
            throw new DoesNotFit("dims must list each of the input's " + in.length + " axes once, counted from 1; got "
                    + dims + " for " + ShapeTrace.describe(in));
        }
        int[] out = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[dims.get(i) - 1];
        }
        return out;
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
        throw new DoesNotFit(type + " needs images (channels, height, width) but gets " + ShapeTrace.describe(in)
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
        throw new DoesNotFit(type + " needs a sequence (channels, length) but gets " + ShapeTrace.describe(in)
                + "; use conv2d and maxPool2d on images");
    }

}
