package dev.kiln.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a model does to its input, layer by layer in the order they run (the batch axis left out): each layer's
 * name, the layers it reads, its input and output shape, parameters and multiply-accumulates, and the padding a
 * {@code same} window needs — or the first layer that does not fit, and why. Shapes are channels-first: a table's row
 * is {@code (features)}, a sequence {@code (channels, length)}, an image {@code (channels, height, width)}.
 * Convolution and pooling arithmetic follows Keras; a 1D layer reads a flat input as a sequence with one channel.
 */
public record ShapeTrace(int[] input, List<Step> steps, Optional<Misfit> misfit) {
    /** How steps name the model's implicit input among a layer's inputs. */
    public static final String MODEL_INPUT = "input";

    /**
     * One layer.
     *
     * @param inputs the names of the layers it reads ({@value #MODEL_INPUT} for the model's only input)
     * @param received the shape the layer works on (a flat input read as a sequence shows as {@code (1, length)});
     *     a merge's first input
     * @param padding zeros added before and after each spatial axis (height then width, or length)
     * @param trainable parameters the optimizer updates (batch normalization's running statistics are not)
     * @param masked whether a mask comes with its output (positions padded in the input, from an embedding with
     *     maskZero): layers after it that read masks leave those positions out
     */
    public record Step(int index, String name, String type, List<String> inputs, int[] received, int[] output,
                       long parameters, long trainable, long multiplyAccumulates, int[] padding, boolean masked,
                       @com.fasterxml.jackson.annotation.JsonIgnore int idShift) {

        static Step of(int index, String type, int[] received, int[] output, long parameters, long trainable,
                       long multiplyAccumulates, int[] padding) {
            return new Step(index, type, type, List.of(), received, output, parameters, trainable,
                    multiplyAccumulates, padding, false, 0);
        }

        static Step of(int index, String type, int[] received, int[] output, long parameters, long trainable,
                       long multiplyAccumulates) {
            return of(index, type, received, output, parameters, trainable, multiplyAccumulates, null);
        }

        Step wired(String name, List<String> inputs, boolean masked, int idShift) {
            return new Step(index, name, type, List.copyOf(inputs), received, output, parameters, trainable,
                    multiplyAccumulates, padding, masked, idShift);
        }

        /** An embedding's input dimension, as traced (0 for other layers). */
        public int inputDim() {
            return type.equals("embedding") && output.length == 2 ? Math.toIntExact(parameters / output[0]) : 0;
        }
    }

    /** The first layer that does not fit. */
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

    /** The forward pass's multiply-accumulates per sample (dense and convolution layers, dot products). */
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

    /** Traces {@code spec} on one input of shape {@code input} (features, or an image); stops at the first misfit. */
    public static ShapeTrace of(ModelSpec spec, int[] input) {
        return of(spec, InputLayout.of(input));
    }

    /** Traces {@code spec} on the input {@code layout} describes; stops at the first layer that does not fit. */
    public static ShapeTrace of(ModelSpec spec, InputLayout layout) {
        ModelGraph graph = ModelGraph.of(spec);
        List<Step> steps = new ArrayList<>();
        Map<Integer, int[]> outputs = new HashMap<>();
        Map<Integer, InputShape> reads = new HashMap<>();
        InputShape whole = InputShape.ids(layout.shape(), layout.columns());
        int inputs = graph.inputs().size();
        for (ModelGraph.Node node : graph.nodes()) {
            try {
                List<int[]> shapes = new ArrayList<>();
                List<String> names = new ArrayList<>();
                for (int source : node.inputs()) {
                    shapes.add(source == ModelGraph.MODEL_INPUT ? layout.shape() : outputs.get(source));
                    names.add(source == ModelGraph.MODEL_INPUT ? MODEL_INPUT : graph.node(source).name());
                }
                Step step;
                int shift = 0;
                if (node.layer() instanceof LayerSpec.Input input) {
                    InputShape read = InputShape.of(input, node.name(), inputs, layout);
                    reads.put(node.index(), read);
                    step = Step.of(node.index(), typeName(input), read.shape(), read.shape(), 0, 0, 0, null);
                } else {
                    for (int source : node.inputs()) {
                        tokensOnlyToEmbeddings(node.layer(), source == ModelGraph.MODEL_INPUT ? whole
                                : reads.get(source));
                    }
                    if (node.layer() instanceof Merge merge) {
                        step = MergeShapes.step(node.index(), merge, shapes, names);
                    } else {
                        InputShape source = node.inputs().get(0) == ModelGraph.MODEL_INPUT ? whole
                                : reads.get(node.inputs().get(0));
                        int ids = source == null ? 0 : source.ids();
                        step = LayerShapes.step(node.index(), node.layer(), shapes.get(0), ids);
                        shift = source == null ? 0 : source.idShift();
                    }
                }
                boolean masked = Masks.output(node, step.output(), source -> source != ModelGraph.MODEL_INPUT
                        && steps.get(source).masked());
                steps.add(step.wired(node.name(), names, masked,
                        node.layer() instanceof LayerSpec.Embedding ? shift : 0));
                outputs.put(node.index(), step.output());
            } catch (LayerShapes.DoesNotFit e) {
                return new ShapeTrace(layout.shape(), List.copyOf(steps), Optional.of(new Misfit(node.index(),
                        e.getMessage())));
            }
        }
        int[] shape = outputs.get(graph.output().index());
        if (shape.length != 1) {
            return new ShapeTrace(layout.shape(), List.copyOf(steps), Optional.of(new Misfit(graph.output().index(),
                    "the model's output is " + describe(shape) + "; it must be flat: end with dense layers after "
                            + "flatten or a global pool")));
        }
        return new ShapeTrace(layout.shape(), List.copyOf(steps), Optional.empty());
    }

    /** Text token ids are positions in a vocabulary, not amounts: only an embedding reads them. */
    private static void tokensOnlyToEmbeddings(LayerSpec layer, InputShape source) throws LayerShapes.DoesNotFit {
        if (source != null && !source.tokenColumns().isEmpty() && !(layer instanceof LayerSpec.Embedding)) {
            throw new LayerShapes.DoesNotFit("reads the text column" + (source.tokenColumns().size() > 1 ? "s " : " ")
                    + String.join(", ", source.tokenColumns().stream().map(c -> "'" + c + "'").toList())
                    + " as token ids (outputMode int), which only an embedding reads: put an embedding first, or "
                    + "vectorize the text as multiHot, count or tfIdf");
        }
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
