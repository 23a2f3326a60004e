package dev.kiln.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every CSV Kiln writes escapes what a spreadsheet would evaluate as a formula, and leaves numbers alone. */
class CsvOutputTest {

    @ParameterizedTest(name = "{0} is written as {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "=1+2|'=1+2",
            "=HYPERLINK(\"http://evil.example\")|'=HYPERLINK(\"http://evil.example\")",
            "+cmd|'+cmd",
            "-1+2|'-1+2",
            "@SUM(A1)|'@SUM(A1)",
            "-|'-",
            "-1.5|-1.5",
            "+3|+3",
            "1e-5|1e-5",
            "-.5E+3|-.5E+3",
            "plain|plain",
            "a=b|a=b"})
    void escapesFormulasButNotNumbers(String cell, String written) {
        assertThat(CsvOutput.safe(cell)).isEqualTo(written);
    }

    @ParameterizedTest(name = "a cell starting with {0} is escaped")
    @CsvSource({"9", "13"})
    void escapesCellsStartingWithTabOrCarriageReturn(int character) {
        String cell = (char) character + "=1+2";
        assertThat(CsvOutput.safe(cell)).isEqualTo("'" + cell);
    }

    @org.junit.jupiter.api.Test
    void writesNumbersAsNumbersAndEscapesTextAndHeaders() {
        StringWriter out = new StringWriter();
        try (CsvOutput csv = new CsvOutput(out)) {
            csv.row(List.of("=x", "value"));
            csv.row(Arrays.asList(-2.5, null));
        }
        assertThat(out.toString().lines()).containsExactly("'=x,value", "-2.5,");
    }
}
