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
     */
    public record Step(int index, String name, String type, List<String> inputs, int[] received, int[] output,
                       long parameters, long trainable, long multiplyAccumulates, int[] padding) {

        static Step of(int index, String type, int[] received, int[] output, long parameters, long trainable,
                       long multiplyAccumulates, int[] padding) {
            return new Step(index, type, type, List.of(), received, output, parameters, trainable,
                    multiplyAccumulates, padding);
        }

        Step wired(String name, List<String> inputs) {
            return new Step(index, name, type, List.copyOf(inputs), received, output, parameters, trainable,
                    multiplyAccumulates, padding);
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
        Map<Integer, Integer> vocabularies = new HashMap<>();
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
                if (node.layer() instanceof LayerSpec.Input input) {
                    InputShape read = InputShape.of(input, node.name(), inputs, layout);
                    vocabularies.put(node.index(), read.vocabulary());
                    step = Step.of(node.index(), typeName(input), read.shape(), read.shape(), 0, 0, 0, null);
                } else if (node.layer() instanceof Merge merge) {
                    step = MergeShapes.step(node.index(), merge, shapes, names);
                } else {
                    int vocabulary = node.inputs().get(0) == ModelGraph.MODEL_INPUT ? 0
                            : vocabularies.getOrDefault(node.inputs().get(0), 0);
                    step = LayerShapes.step(node.index(), node.layer(), shapes.get(0), vocabulary);
                }
                steps.add(step.wired(node.name(), names));
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
