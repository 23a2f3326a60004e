package dev.kiln.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Names are stored as people can read them: no control or format characters, base file names only. */
class NamesTest {

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("iris", "iris"),
                Arguments.of("  spaced   out  ", "spaced out"),
                Arguments.of("tab\there", "tab here"),
                Arguments.of("line\nbreak", "line break"),
                Arguments.of("nul\u0000byte", "nulbyte"),
                Arguments.of("evil\u202Egnp.exe", "evilgnp.exe"),
                Arguments.of("zero\u200Bwidth", "zerowidth"),
                Arguments.of("cafe\u0301", "caf\u00e9"),
                Arguments.of("\u65e5\u672c\u8a9e", "\u65e5\u672c\u8a9e"));
    }

    @ParameterizedTest(name = "[{index}] is stored as {1}")
    @MethodSource("names")
    void cleansNames(String raw, String stored) {
        assertThat(Names.clean(raw, 200, "name")).isEqualTo(stored);
    }

    @ParameterizedTest(name = "[{index}] is refused")
    @CsvSource(delimiter = '|', value = {"'   '", "\u0000\u202E", "\u200B\u200B"})
    void refusesNamesWithNothingVisible(String raw) {
        assertThatThrownBy(() -> Names.clean(raw, 200, "name")).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("visible characters");
    }

    @ParameterizedTest(name = "the upload {0} is stored as {1}")
    @CsvSource(delimiter = '|', value = {
            "data.csv|data.csv",
            "../../etc/passwd|passwd",
            "C:\\Users\\me\\train.csv|train.csv",
            "/abs/path/x.zip|x.zip",
            "dir/..|",
            "dir/|"})
    void keepsTheBaseNameOfUploadedFiles(String raw, String stored) {
        assertThat(Names.fileName(raw, 255)).isEqualTo(stored);
    }

    @ParameterizedTest(name = "{0} characters are refused above the limit of 5")
    @CsvSource({"6", "100"})
    void refusesNamesOverTheirLimit(int length) {
        assertThatThrownBy(() -> Names.clean("x".repeat(length), 5, "name")).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("at most 5");
    }
}
