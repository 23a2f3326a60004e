package dev.kiln.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.support.KilnHttp;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Graphs Kiln cannot run, each refused with 422 naming the layer and why: when the definition is stored
 * ({@code POST /models}) if its structure is wrong, when a run is submitted if its shapes do not fit the data.
 * Implemented once per database.
 */
public interface BadGraphContract {
    /** The iris dataset of each started Kiln, by base URL. */
    Map<String, String> IRIS = new ConcurrentHashMap<>();

    KilnHttp http();

    String OUT = "{\"type\": \"dense\", \"units\": 3, \"activation\": \"softmax\"}";
    String SEPALS = "{\"type\": \"input\", \"name\": \"sepals\", \"columns\": [\"sepal_length_cm\", \"sepal_width_cm\"]}";
    String PETALS = "{\"type\": \"input\", \"name\": \"petals\", \"columns\": [\"petal_length_cm\", \"petal_width_cm\"]}";

    /** A bad graph: its layers, where it is refused (model or run), and the field and words of the refusal. */
    record Case(String name, String layers, boolean atRun, String field, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("a cycle: a layer reads a later one", "[{\"type\": \"dense\", \"name\": \"a\", \"units\": 4, "
                        + "\"inputs\": [\"b\"]}, {\"type\": \"dense\", \"name\": \"b\", \"units\": 4}, " + OUT + "]",
                        false, "layers[0].inputs[0]", "comes later"),
                new Case("a layer reading itself", "[{\"type\": \"dense\", \"name\": \"a\", \"units\": 4}, "
                        + "{\"type\": \"dense\", \"name\": \"b\", \"units\": 4, \"inputs\": [\"b\"]}, " + OUT + "]",
                        false, "layers[1].inputs[0]", "cannot read itself"),
                new Case("a dangling name", "[{\"type\": \"dense\", \"units\": 4}, {\"type\": \"dense\", \"units\": 3, "
                        + "\"activation\": \"softmax\", \"inputs\": [\"nowhere\"]}]", false, "layers[1].inputs[0]",
                        "no layer is named 'nowhere'"),
                new Case("a duplicate name", "[{\"type\": \"dense\", \"name\": \"x\", \"units\": 4}, "
                        + "{\"type\": \"dense\", \"name\": \"x\", \"units\": 4}, " + OUT + "]", false, "layers[1].name",
                        "already the name of layers[0]"),
                new Case("two outputs", "[{\"type\": \"dense\", \"name\": \"h\", \"units\": 4}, " + OUT + ", "
                        + "{\"type\": \"dense\", \"units\": 3, \"activation\": \"softmax\", \"inputs\": [\"h\"]}]",
                        false, "layers", "2 outputs"),
                new Case("an input nobody reads", "[" + SEPALS + ", " + PETALS + ", {\"type\": \"dense\", "
                        + "\"units\": 3, \"activation\": \"softmax\", \"inputs\": [\"sepals\"]}]", false, "layers[1]",
                        "the input 'petals' is read by no layer"),
                new Case("a merge of one layer", "[{\"type\": \"dense\", \"units\": 4}, {\"type\": \"add\"}, " + OUT
                        + "]", false, "layers[1].inputs", "add joins at least two layers"),
                new Case("a dense reading two layers", "[" + SEPALS + ", " + PETALS + ", {\"type\": \"dense\", "
                        + "\"units\": 3, \"activation\": \"softmax\", \"inputs\": [\"sepals\", \"petals\"]}]", false,
                        "layers[2].inputs", "dense reads one layer"),
                new Case("an input reading a layer", "[{\"type\": \"dense\", \"name\": \"d\", \"units\": 2}, "
                        + "{\"type\": \"input\", \"name\": \"i\", \"inputs\": [\"d\"]}, " + OUT + "]", false,
                        "layers[1].inputs", "reads the dataset"),
                new Case("dot of more than two layers", "[" + SEPALS + ", " + PETALS + ", {\"type\": \"dense\", "
                        + "\"name\": \"d\", \"units\": 2, \"inputs\": [\"sepals\"]}, {\"type\": \"dot\", \"inputs\": "
                        + "[\"sepals\", \"petals\", \"d\"]}, " + OUT + "]", false, "layers[3].inputs",
                        "dot joins exactly two layers"),
                new Case("an output that is not dense", "[{\"type\": \"dense\", \"units\": 3}, {\"type\": \"flatten\"}, "
                        + "{\"type\": \"layerNorm\"}]", false, "layers", "must come from a dense layer"),
                new Case("add of two shapes", "[" + SEPALS + ", {\"type\": \"dense\", \"name\": \"wide\", \"units\": 8, "
                        + "\"inputs\": [\"sepals\"]}, {\"type\": \"dense\", \"name\": \"narrow\", \"units\": 4, "
                        + "\"inputs\": [\"sepals\"]}, {\"type\": \"add\", \"inputs\": [\"wide\", \"narrow\"]}, " + OUT
                        + "]", true, "modelId", "add needs inputs of one shape; 'wide' gives (8) and 'narrow' gives (4)"),
                new Case("dot on axes of different lengths", "[" + SEPALS + ", {\"type\": \"dense\", \"name\": \"d\", "
                        + "\"units\": 5, \"inputs\": [\"sepals\"]}, {\"type\": \"dot\", \"inputs\": [\"sepals\", "
                        + "\"d\"]}, " + OUT + "]", true, "modelId", "dot along axes [0, 0] needs equal lengths"),
                new Case("concatenate of a vector and an image", "[" + SEPALS + ", {\"type\": \"reshape\", "
                        + "\"name\": \"grid\", \"targetShape\": [1, 1, 2]}, {\"type\": \"concatenate\", \"inputs\": "
                        + "[\"sepals\", \"grid\"]}, " + OUT + "]", true, "modelId", "concatenate along axis 0"),
                new Case("a reshape that loses values", "[{\"type\": \"reshape\", \"targetShape\": [3, 2]}, "
                        + "{\"type\": \"flatten\"}, " + OUT + "]", true, "modelId", "holds 4 values; [3, 2] holds 6"),
                new Case("an input reading a column the data lacks", "[{\"type\": \"input\", \"name\": \"i\", "
                        + "\"columns\": [\"stem_length_cm\"]}, " + OUT + "]", true, "modelId",
                        "reads the column 'stem_length_cm', which the dataset does not have"),
                new Case("an embedding of numeric columns", "[" + SEPALS + ", {\"type\": \"embedding\", "
                        + "\"outputDim\": 2}, {\"type\": \"flatten\"}, " + OUT + "]", true, "modelId",
                        "reads the column 'sepal_length_cm' as category ids, but it is numeric"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.kiln.api.BadGraphContract#cases")
    default void isRefusedNamingTheLayerAndWhy(Case bad) {
        String json = "{\"name\": \"bad\", \"layers\": " + bad.layers() + "}";
        KilnHttp.Answer answer;
        if (bad.atRun()) {
            String iris = IRIS.computeIfAbsent(http().base(), base -> http().uploadId("iris_train.csv"));
            String model = http().createModel(json);
            answer = http().postJson("/api/v1/runs", """
                    {"datasetId": "%s", "modelId": "%s", "target": "target"}""".formatted(iris, model));
        } else {
            answer = http().postJson("/api/v1/models", json);
        }

        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode errors = answer.json().get("errors");
        assertThat(errors).as(answer.body()).anySatisfy(error -> {
            assertThat(error.get("field").asString()).isEqualTo(bad.field());
            assertThat(error.get("message").asString()).contains(bad.reason());
        });
    }
}
