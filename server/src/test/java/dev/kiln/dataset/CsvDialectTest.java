package dev.kiln.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CsvDialectTest {

    @Test
    void detectsCommaSemicolonAndTab() {
        assertThat(CsvDialect.detect("a,b,c\n1,2,3\n").delimiter()).isEqualTo(',');
        assertThat(CsvDialect.detect("a;b;c\n1,5;2,5;3\n").delimiter()).isEqualTo(';');
        assertThat(CsvDialect.detect("a\tb\n1\t2\n").delimiter()).isEqualTo('\t');
    }

    @Test
    void prefersTheDelimiterThatSplitsEveryLineAlike() {
        // decimal commas inside a semicolon file: comma counts differ per line, semicolons do not
        assertThat(CsvDialect.detect("x;y\n1,5;2\n3;4,25\n").delimiter()).isEqualTo(';');
    }

    @Test
    void ignoresDelimitersInsideQuotes() {
        assertThat(CsvDialect.detect("\"a;b\",c\n\"1;2\",3\n").delimiter()).isEqualTo(',');
    }

    @Test
    void skipsAUtf8ByteOrderMark() throws IOException {
        byte[] bytes = "\uFEFFname\n".getBytes(StandardCharsets.UTF_8);
        try (Reader reader = CsvDialect.utf8(new ByteArrayInputStream(bytes))) {
            char[] buffer = new char[16];
            int n = reader.read(buffer);
            assertThat(new String(buffer, 0, n)).isEqualTo("name\n");
        }
    }
}
