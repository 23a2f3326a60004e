package dev.kiln.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.domain.InvalidRequest;
import dev.kiln.study.space.Space;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SpaceTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Space space(String json) {
        return Space.parse(JSON.readTree(json));
    }

    static Stream<Arguments> gridSizes() {
        return Stream.of(
                Arguments.of("{\"a\": {\"choice\": [1, 2, 3]}}", 3),
                Arguments.of("{\"a\": {\"intUniform\": [16, 256], \"step\": 16}}", 16),
                Arguments.of("{\"a\": {\"uniform\": [0, 0.5], \"step\": 0.1}}", 6),
                Arguments.of("{\"a\": {\"choice\": [1, 2]}, \"b\": {\"intUniform\": [1, 3]}}", 6),
                Arguments.of("{\"o\": {\"choice\": [{\"type\": \"adam\", \"lr\": {\"choice\": [1, 2, 3]}}, "
                        + "{\"type\": \"sgd\"}]}, \"b\": {\"choice\": [8, 16]}}", 8));
    }

    @ParameterizedTest(name = "{0} has {1} combinations")
    @MethodSource("gridSizes")
    void aGridEnumeratesEveryCombinationOnce(String json, int size) {
        List<Map<String, Double>> grid = space(json).grid();

        assertThat(grid).hasSize(size).doesNotHaveDuplicates();
    }

    @Test
    void aUniformStepGridEndsAtItsLastStepBelowHigh() {
        Space space = space("{\"a\": {\"uniform\": [0, 0.5], \"step\": 0.2}}");

        assertThat(space.grid()).extracting(m -> m.get("a")).containsExactly(0.0, 0.2, 0.4);
    }

    @Test
    void aConditionalParameterIsDecidedOnlyWhenItsOptionIsChosen() {
        Space space = space("{\"hyperparameters.optimizer\": {\"choice\": [{\"type\": \"adam\", \"learningRate\": "
                + "{\"logUniform\": [0.001, 0.1]}}, {\"type\": \"sgd\", \"momentum\": {\"uniform\": [0, 0.9]}}]}}");

        Map<String, Double> sgd = space.decide((d, decided) -> d.key().equals("hyperparameters.optimizer") ? 1 : 0.5);
        Map<String, JsonNode> values = new java.util.LinkedHashMap<>();
        space.resolve(sgd).forEach((p, v) -> values.put(p.text(), v));

        assertThat(sgd).containsOnlyKeys("hyperparameters.optimizer", "hyperparameters.optimizer{sgd}.momentum");
        assertThat(values.get("hyperparameters.optimizer").toString())
                .isEqualTo("{\"type\":\"sgd\",\"momentum\":0.5}");
    }

    @Test
    void randomDrawsStayInsideTheirDomainsAndOnTheirSteps() {
        Space space = space("{\"lr\": {\"logUniform\": [0.0001, 0.1]}, \"units\": {\"intUniform\": [16, 256], "
                + "\"step\": 16}, \"rate\": {\"uniform\": [0, 0.5], \"step\": 0.05}}");
        SplittableRandom random = new SplittableRandom(3);

        for (int i = 0; i < 500; i++) {
            Map<String, Double> d = space.decide((dim, decided) -> dim.domain().random(random));
            assertThat(d.get("lr")).isBetween(0.0001, 0.1);
            assertThat(d.get("units")).isBetween(16.0, 256.0);
            assertThat(d.get("units") % 16).isZero();
            assertThat(d.get("rate")).isBetween(0.0, 0.5);
            assertThat(Math.abs(d.get("rate") / 0.05 - Math.rint(d.get("rate") / 0.05))).isLessThan(1e-9);
        }
    }

    static Stream<Arguments> badSpaces() {
        return Stream.of(
                Arguments.of("{}", "space"),
                Arguments.of("{\"a\": 3}", "space.a"),
                Arguments.of("{\"a\": {\"uniform\": [1]}}", "space.a.uniform"),
                Arguments.of("{\"a\": {\"uniform\": [2, 1]}}", "space.a.uniform"),
                Arguments.of("{\"a\": {\"logUniform\": [-1, 1]}}", "space.a.logUniform"),
                Arguments.of("{\"a\": {\"intUniform\": [1.5, 3]}}", "space.a"),
                Arguments.of("{\"a\": {\"uniform\": [0, 1], \"step\": 2}}", "space.a.step"),
                Arguments.of("{\"a\": {\"logUniform\": [0.1, 1], \"step\": 0.1}}", "space.a.step"),
                Arguments.of("{\"a\": {\"choice\": []}}", "space.a.choice"),
                Arguments.of("{\"a\": {\"uniform\": [0, 1], \"choice\": [1]}}", "space.a"),
                Arguments.of("{\"a\": {\"uniform\": [0, 1], \"stepp\": 1}}", "space.a.stepp"),
                Arguments.of("{\"a\": {\"choice\": [{\"x\": {\"uniform\": [3, 1]}}]}}", "space.a.choice[0].x.uniform"),
                Arguments.of("{\"a..b\": {\"choice\": [1]}}", "space.a..b"));
    }

    @ParameterizedTest(name = "{0} is refused at {1}")
    @MethodSource("badSpaces")
    void aBadSpaceIsRefusedNamingTheParameter(String json, String field) {
        assertThatThrownBy(() -> space(json)).isInstanceOfSatisfying(InvalidRequest.class,
                e -> assertThat(e.violations()).extracting(v -> v.field()).contains(field));
    }

    @Test
    void aGridRefusesAContinuousRangeNamingIt() {
        assertThatThrownBy(() -> space("{\"a\": {\"uniform\": [0, 1]}, \"b\": {\"choice\": [1]}}").grid())
                .isInstanceOfSatisfying(InvalidRequest.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field()).containsExactly("space.a"));
    }
}
