package dev.kiln.model.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.model.InputLayout;
import dev.kiln.model.LayerSpec;
import dev.kiln.model.ModelCatalog;
import dev.kiln.model.ModelGraph;
import dev.kiln.model.ModelSpec;
import dev.kiln.model.ShapeTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keras model JSON from public sources (see {@code keras/PROVENANCE.md}) read as Kiln definitions: the shape trace
 * counts the parameters Keras counts, and writing the definition back as Keras JSON and reading it again gives the same
 * definition. The exported JSON is also left in {@code target/keras-export} for loading in Keras by hand.
 */
class KerasModelsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode resource(String name) throws IOException {
        return JSON.readTree(Files.readString(Path.of("src/test/resources/keras", name)));
    }

    /** The input Kiln traces a Keras model on: its declared inputs, a column per input when it has several. */
    static InputLayout layout(ModelSpec spec) {
        List<ModelGraph.Node> inputs = ModelGraph.of(spec).inputs();
        if (inputs.size() == 1) {
            return InputLayout.of(((LayerSpec.Input) inputs.get(0).layer()).shape().stream().mapToInt(i -> i)
                    .toArray());
        }
        List<InputLayout.Column> columns = new ArrayList<>();
        int offset = 0;
        for (ModelGraph.Node node : inputs) {
            int width = ((LayerSpec.Input) node.layer()).shape().get(0);
            columns.add(new InputLayout.Column(node.name(), offset, width));
            offset += width;
        }
        return new InputLayout(new int[] {offset}, columns);
    }

    @ParameterizedTest(name = "{0} traces to Keras's {1} parameters, +{2} for PyTorch's second LSTM bias")
    @CsvSource({
            "keras2_0_6_mnist_cnn_sequential.json, 1199882, 0",
            "keras2_2_4_mnist_mlp_sequential.json, 669706, 0",
            "keras2_1_5_simple_add_functional.json, 436, 0",
            "keras3_mnist_convnet_sequential.json, 34826, 0",
            "keras3_toy_resnet_functional.json, 223242, 0",
            "keras3_text_lstm_functional.json, 328353, 128",
            "keras3_text_gru_sequential.json, 81683, 0"})
    void readsAKerasModelThatTracesToKerasParameterCount(String file, long parameters, long lstmBias) throws IOException {
        ModelSpec spec = KerasModels.read(resource(file));
        ModelCatalog.checkRules(spec);

        ShapeTrace trace = ShapeTrace.of(spec, layout(spec));

        assertThat(trace.misfit()).isEmpty();
        assertThat(trace.parameters()).isEqualTo(parameters + lstmBias);
    }

    /** Each layer's options and the layers it reads (a chained Functional model comes back as the same stack). */
    private static List<String> wiring(ModelSpec spec) {
        return ModelGraph.of(spec).nodes().stream().map(node -> {
            var options = (tools.jackson.databind.node.ObjectNode) JSON.valueToTree(node.layer());
            options.remove("inputs");
            return node.name() + " <- " + node.inputs() + ": " + options;
        }).toList();
    }

    @ParameterizedTest(name = "{0} round-trips through Keras JSON")
    @CsvSource({"keras2_0_6_mnist_cnn_sequential.json", "keras2_2_4_mnist_mlp_sequential.json",
            "keras2_1_5_simple_add_functional.json", "keras3_mnist_convnet_sequential.json",
            "keras3_toy_resnet_functional.json", "keras3_text_lstm_functional.json",
            "keras3_text_gru_sequential.json"})
    void writesKerasJsonThatReadsBackToTheSameDefinition(String file) throws IOException {
        ModelSpec spec = KerasModels.read(resource(file));

        JsonNode written = KerasExport.write(spec, null);
        ModelSpec again = KerasModels.read(JSON.readTree(JSON.writeValueAsString(written)));

        assertThat(wiring(again)).isEqualTo(wiring(spec));
        Path out = Files.createDirectories(Path.of("target", "keras-export"));
        Files.writeString(out.resolve(file), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(written));
    }

    @ParameterizedTest(name = "{0} is refused naming {1}")
    @CsvSource(delimiter = '|', value = {
            "keras2_2_0_dual_res_two_outputs.json | config.output_layers | 2 outputs",
            "keras2_imdb_lstm_sequential.json | config[1] | LSTM 'lstm_1': recurrent_activation hard_sigmoid; Kiln's recurrent layers use sigmoid"})
    void refusesWhatKilnCannotTrainNamingTheKerasLayer(String file, String field, String reason) {
        assertThatThrownBy(() -> KerasModels.read(resource(file))).isInstanceOfSatisfying(InvalidRequest.class,
                e -> assertThat(e.violations()).anySatisfy(v -> {
                    assertThat(v.field()).isEqualTo(field);
                    assertThat(v.message()).contains(reason);
                }));
    }

    @org.junit.jupiter.api.Test
    void writesKilnsGraphExamplesAsKerasFunctionalJson() throws IOException {
        ModelSpec residual = JSON.readValue(Files.readString(Path.of("../examples/models/residual-cnn.json")),
                ModelSpec.class);
        ModelSpec wide = JSON.readValue(Files.readString(Path.of("../examples/models/wide-and-deep.json")),
                ModelSpec.class);
        List<InputLayout.Column> columns = new ArrayList<>();
        List<String> names = ((LayerSpec.Input) wide.layers().get(1)).columns();
        for (int i = 0; i < names.size(); i++) {
            columns.add(new InputLayout.Column(names.get(i), i, 1));
        }
        InputLayout table = new InputLayout(new int[] {names.size()}, columns);

        JsonNode residualKeras = KerasExport.write(residual, InputLayout.of(new int[] {1, 28, 28}));
        JsonNode wideKeras = KerasExport.write(wide, table);

        assertThat(residualKeras.get("class_name").asString()).isEqualTo("Functional");
        assertThat(wideKeras.get("class_name").asString()).isEqualTo("Functional");
        ModelSpec residualAgain = KerasModels.read(residualKeras);
        assertThat(ShapeTrace.of(residualAgain, layout(residualAgain)).parameters()).isEqualTo(9930);
        ModelSpec wideAgain = KerasModels.read(wideKeras);
        assertThat(ShapeTrace.of(wideAgain, layout(wideAgain)).parameters()).isEqualTo(1547);
        Path out = Files.createDirectories(Path.of("target", "keras-export"));
        Files.writeString(out.resolve("kiln_residual_cnn.json"), residualKeras.toString());
        Files.writeString(out.resolve("kiln_wide_and_deep.json"), wideKeras.toString());
    }
}
