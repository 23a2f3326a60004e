package dev.kiln.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {

    private static List<List<String>> read(String text, char delimiter) throws IOException {
        List<List<String>> records = new ArrayList<>();
        try (var reader = new CsvRecordReader(new StringReader(text), delimiter)) {
            String[] record;
            while ((record = reader.next()) != null) {
                records.add(List.of(record));
            }
        }
        return records;
    }

    @Test
    void readsEveryFieldIncludingTheFirstCharacterOfEachLine() throws IOException {
        assertThat(read("a,b\n4.4,2.9\n5,6\n", ',')).containsExactly(
                List.of("a", "b"), List.of("4.4", "2.9"), List.of("5", "6"));
    }

    @Test
    void readsQuotedFieldsWithDelimitersDoubledQuotesAndLineBreaks() throws IOException {
        assertThat(read("name,note\n\"Smith, J\",\"said \"\"hi\"\"\nthen left\"\n", ',')).containsExactly(
                List.of("name", "note"), List.of("Smith, J", "said \"hi\"\nthen left"));
    }

    @Test
    void acceptsCrLfAndLoneCrLineEndsAndSkipsBlankLines() throws IOException {
        assertThat(read("a;b\r\n1;2\r\n\r\n3;4\r5;6", ';')).containsExactly(
                List.of("a", "b"), List.of("1", "2"), List.of("3", "4"), List.of("5", "6"));
    }

    @Test
    void trimsUnquotedFieldsButKeepsQuotedSpaces() throws IOException {
        assertThat(read(" a , \" b \" \n", ',')).containsExactly(List.of("a", " b "));
    }

    @Test
    void keepsEmptyFieldsAndATrailingEmptyField() throws IOException {
        assertThat(read("a\t\tc\t\n", '\t')).containsExactly(List.of("a", "", "c", ""));
    }

    @Test
    void reportsTheLineWhereEachRecordStarts() throws IOException {
        try (var reader = new CsvRecordReader(new StringReader("h\n\"x\ny\"\nz\n"), ',')) {
            reader.next();
            reader.next();
            assertThat(reader.recordLine()).isEqualTo(2);
            reader.next();
            assertThat(reader.recordLine()).isEqualTo(4);
        }
    }

    @Test
    void refusesAQuoteThatIsNeverClosed() {
        assertThatThrownBy(() -> read("a,b\n\"open,1\n", ','))
                .isInstanceOf(CsvFormatException.class).hasMessageContaining("starts on line 2");
    }

    @Test
    void refusesNulCharactersAsBinaryContent() {
        assertThatThrownBy(() -> read("a,b\n1,\u0000\n", ','))
                .isInstanceOf(CsvFormatException.class).hasMessageContaining("binary");
    }
}
