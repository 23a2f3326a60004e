package dev.kiln.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvProfilingTest {

    private static CsvProfiling.Result profile(String text) throws IOException {
        return profile(text.getBytes(StandardCharsets.UTF_8));
    }

    private static CsvProfiling.Result profile(byte[] bytes) throws IOException {
        return CsvProfiling.profile(new ByteArrayInputStream(bytes), 1000, 3);
    }

    @Test
    void aNumericColumnsHistogramCountsEveryValueInEqualBinsFromMinToMax() throws IOException {
        var csv = new StringBuilder("x\n");
        for (int i = 0; i <= 100; i++) {
            csv.append(i).append('\n');
        }
        ColumnProfile.Histogram exact = profile(csv.toString()).profile().column("x").orElseThrow().histogram();
        assertThat(exact.sampled()).isFalse();
        assertThat(exact.edges()).hasSize(ColumnProfiler.BINS + 1).startsWith(0.0).endsWith(100.0);
        assertThat(exact.counts()).hasSize(ColumnProfiler.BINS).allSatisfy(n -> assertThat(n).isBetween(5L, 6L));
        assertThat(exact.counts().stream().mapToLong(Long::longValue).sum()).isEqualTo(101);

        var many = new StringBuilder("x\n");
        for (int i = 0; i < 30_000; i++) {
            many.append(i % 2 == 0 ? i : 0.5).append('\n'); // more distinct values than the profiler counts
        }
        ColumnProfile.Histogram sampled = profile(many.toString()).profile().column("x").orElseThrow().histogram();
        assertThat(sampled.sampled()).isTrue();
        assertThat(sampled.counts().stream().mapToLong(Long::longValue).sum()).isEqualTo(ColumnProfiler.SAMPLE);
        assertThat(sampled.counts().get(0)).as("the 0.5s and the small values").isGreaterThan(sampled.counts().get(1));
    }

    @Test
    void profilesNumericColumnsWithSampleStatisticsAndMissingCounts() throws IOException {
        var result = profile("x,label\n1,a\n2,b\nNA,a\n4,a\n,c\n");
        ColumnProfile x = result.profile().column("x").orElseThrow();

        assertThat(result.profile().rows()).isEqualTo(5);
        assertThat(x.type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(x.missing()).isEqualTo(2);
        assertThat(x.min()).isEqualTo(1.0);
        assertThat(x.max()).isEqualTo(4.0);
        assertThat(x.mean()).isCloseTo(7.0 / 3, within(1e-12));
        assertThat(x.std()).isCloseTo(Math.sqrt(((1 - 7.0 / 3) * (1 - 7.0 / 3) + (2 - 7.0 / 3) * (2 - 7.0 / 3)
                + (4 - 7.0 / 3) * (4 - 7.0 / 3)) / 2), within(1e-12));
        assertThat(x.integral()).isTrue();
        assertThat(x.distinct()).isEqualTo(3);
    }

    @Test
    void profilesCategoricalColumnsWithTopValuesMostFrequentFirst() throws IOException {
        ColumnProfile label = profile("x,label\n1,a\n2,b\n3,a\n4,a\n5,c\n6,b\n").profile().column("label").orElseThrow();

        assertThat(label.type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(label.distinct()).isEqualTo(3);
        assertThat(label.topValues()).containsExactly(new ValueCount("a", 3), new ValueCount("b", 2),
                new ValueCount("c", 1));
        assertThat(label.levels()).contains(java.util.List.of("a", "b", "c"));
    }

    @Test
    void mergesSpellingsOfTheSameNumberIntoOneLevel() throws IOException {
        ColumnProfile y = profile("y,z\n1,a\n1.0,b\n0,c\n").profile().column("y").orElseThrow();

        assertThat(y.values()).containsExactly(new ValueCount("0", 1), new ValueCount("1", 2));
    }

    @Test
    void aColumnWithOneNonNumberIsCategorical() throws IOException {
        ColumnProfile x = profile("x,y\n1,1\n2,2\nthree,3\n").profile().column("x").orElseThrow();

        assertThat(x.type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(x.min()).isNull();
    }

    @Test
    void readsSemicolonFilesWithAByteOrderMark() throws IOException {
        var result = profile("\uFEFFa;b\n1;x\n2;y\n");

        assertThat(result.dialect().delimiter()).isEqualTo(';');
        assertThat(result.profile().columnNames()).containsExactly("a", "b");
    }

    @Test
    void capsDistinctCountingButKeepsTheStatisticsExact() throws IOException {
        StringBuilder csv = new StringBuilder("id,v\n");
        for (int i = 0; i < 2000; i++) {
            csv.append(i).append(",1\n");
        }
        ColumnProfile id = profile(csv.toString()).profile().column("id").orElseThrow();

        assertThat(id.distinctCapped()).isTrue();
        assertThat(id.distinct()).isEqualTo(1000);
        assertThat(id.values()).isNull();
        assertThat(id.max()).isEqualTo(1999.0);
        assertThat(id.mean()).isCloseTo(999.5, within(1e-9));
    }

    @Test
    void refusesAnEmptyFile() {
        assertThatThrownBy(() -> profile("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> profile("  \n\n")).hasMessageContaining("empty");
    }

    @Test
    void refusesAFileWhoseFirstRowIsData() {
        assertThatThrownBy(() -> profile("1,2,3\n4,5,6\n")).hasMessageContaining("header row");
    }

    @Test
    void refusesDuplicateAndEmptyColumnNames() {
        assertThatThrownBy(() -> profile("a,a\n1,2\n")).hasMessageContaining("'a' appears twice");
        assertThatThrownBy(() -> profile("a,,c\n1,2,3\n")).hasMessageContaining("column 2 has no name");
    }

    @Test
    void refusesRaggedRowsNamingTheLine() {
        assertThatThrownBy(() -> profile("a,b,c\n1,2,3\n4,5\n")).hasMessageContaining("line 3 has 2 fields")
                .hasMessageContaining("header has 3");
    }

    @Test
    void refusesAHeaderWithoutRows() {
        assertThatThrownBy(() -> profile("a,b\n")).hasMessageContaining("no data rows");
    }

    @Test
    void refusesBinaryGarbage() {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        assertThatThrownBy(() -> profile(garbage)).isInstanceOf(CsvFormatException.class)
                .hasMessageMatching(".*(UTF-8|binary|NUL).*");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} is profiled as {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "sentences of several words, mostly distinct | TEXT",
            "a few repeated sentences                    | CATEGORICAL",
            "single words, all distinct                  | CATEGORICAL",
            "short codes with a space                    | CATEGORICAL"})
    void tellsFreeTextFromCategories(String kind, ColumnType type) throws IOException {
        StringBuilder csv = new StringBuilder("note,label\n");
        for (int i = 0; i < 40; i++) {
            String note = switch (kind.strip()) {
                case "sentences of several words, mostly distinct" ->
                        "The invoice number " + i + " shows the wrong amount, please check it again.";
                case "a few repeated sentences" -> "The invoice shows the wrong amount number " + (i % 3) + ".";
                case "single words, all distinct" -> "customer" + i + "name";
                default -> "A " + i;
            };
            csv.append('"').append(note).append("\",").append(i % 2).append('\n');
        }
        ColumnProfile note = profile(csv.toString()).profile().column("note").orElseThrow();

        assertThat(note.type()).isEqualTo(type);
        if (type == ColumnType.TEXT) {
            assertThat(note.text().meanTokens()).isEqualTo(12.0);
            assertThat(note.text().topTokens().get(0).value()).isEqualTo("the");
            assertThat(note.text().vocabulary()).isEqualTo(50);
            assertThat(note.values()).as("no list of levels for text").isNull();
        } else {
            assertThat(note.text()).isNull();
        }
    }
}
