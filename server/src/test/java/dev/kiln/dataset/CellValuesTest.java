package dev.kiln.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CellValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "NA", "na", "NaN", "nan", "null", "NULL", "?", "N/A", "None"})
    void readsTheUsualSpellingsOfMissing(String cell) {
        assertThat(CellValues.isMissing(cell)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "-0.5", "+3", "1e-3", "2.5E+10", ".5", "7."})
    void readsPlainDecimalNumbers(String cell) {
        assertThat(CellValues.parseNumber(cell)).isEqualTo(Double.parseDouble(cell));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1d", "0x1p3", "Infinity", "1,5", "abc", "-", "e", "1e999", "1.2.3"})
    void refusesWhatOnlyJavaWouldCallANumber(String cell) {
        assertThat(CellValues.parseNumber(cell)).isNaN();
    }
}
