package dev.kiln.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training-ready table format: it reads back what the CSV says, and version 1 files keep loading. */
class TableFileTest {
    private static final String CSV = "x,color,y\n1.5,red,0\nNA,\"blue, dark\",1\n-2,,0\n";
    private static final Path GOLDEN = Path.of("src/test/resources/golden/table-v1.bin");

    private static byte[] write(String csv) throws IOException {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        var profiled = CsvProfiling.profile(new ByteArrayInputStream(bytes), 1000, 10);
        var out = new ByteArrayOutputStream();
        TableFile.Rows rows = TableFile.writer(out, profiled.profile());
        CsvFile.scan(new ByteArrayInputStream(bytes), profiled.dialect(), Long.MAX_VALUE, rows::add);
        rows.finish();
        return out.toByteArray();
    }

    private static void assertExampleTable(Table table) {
        assertThat(table.rows()).isEqualTo(3);
        assertThat(((Table.NumericColumn) table.column("x")).values()).containsExactly(1.5, Double.NaN, -2.0);
        assertThat(((Table.CategoricalColumn) table.column("color")).values())
                .containsExactly("red", "blue, dark", null);
        assertThat(((Table.NumericColumn) table.column("y")).values()).containsExactly(0.0, 1.0, 0.0);
    }

    @Test
    void readsBackEveryTypedCell() throws IOException {
        Table table = TableFile.read(new ByteArrayInputStream(write(CSV)), List.of("x", "color", "y"));

        assertExampleTable(table);
    }

    @Test
    void readsOnlyTheColumnsAskedForInTheOrderAskedFor() throws IOException {
        Table table = TableFile.read(new ByteArrayInputStream(write(CSV)), List.of("y", "color"));

        assertThat(table.columns()).extracting(Table.Column::name).containsExactly("y", "color");
    }

    @Test
    void keepsLoadingVersionOneFiles() throws IOException {
        byte[] golden = Files.readAllBytes(GOLDEN);

        assertExampleTable(TableFile.read(new ByteArrayInputStream(golden), List.of("x", "color", "y")));
        assertThat(write(CSV)).as("the writer still produces version 1").isEqualTo(golden);
    }

    @Test
    void refusesFilesOfAnotherFormat() {
        assertThatThrownBy(() -> TableFile.read(new ByteArrayInputStream("x,y\n1,2\n".getBytes()), List.of("x")))
                .hasMessageContaining("not a Kiln table file");
    }
}
