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
    void readsNumericTablesLongerThanItsBufferSkippingColumnsNotAskedFor() throws IOException {
        StringBuilder csv = new StringBuilder("a,b,c\n");
        for (int r = 0; r < 20_000; r++) { // 480 kB of cells: several refills of the reader's buffer
            csv.append(r).append(',').append(r % 7 == 0 ? "" : String.valueOf(r * 0.5)).append(',').append(-r)
                    .append('\n');
        }

        Table table = TableFile.read(new ByteArrayInputStream(write(csv.toString())), List.of("c", "b"));

        double[] c = ((Table.NumericColumn) table.column("c")).values();
        double[] b = ((Table.NumericColumn) table.column("b")).values();
        assertThat(table.rows()).isEqualTo(20_000);
        assertThat(c[19_999]).isEqualTo(-19_999.0);
        assertThat(b[7]).isNaN();
        assertThat(b[19_998]).isEqualTo(9_999.0); // 19,999 is a multiple of 7: missing
    }

    @Test
    void readsCellsLongerThanItsBuffer() throws IOException {
        String longText = "w".repeat(100_000);

        Table table = TableFile.read(new ByteArrayInputStream(write("t,y\n" + longText + ",1\nshort,2\n")),
                List.of("y", "t"));

        assertThat(((Table.CategoricalColumn) table.column("t")).values()).containsExactly(longText, "short");
        assertThat(((Table.NumericColumn) table.column("y")).values()).containsExactly(1.0, 2.0);
    }

    @Test
    void refusesTruncatedAndOverlongFiles() throws IOException {
        byte[] file = write(CSV);
        byte[] truncated = java.util.Arrays.copyOf(file, file.length - 3);
        byte[] overlong = java.util.Arrays.copyOf(file, file.length + 1);

        assertThatThrownBy(() -> TableFile.read(new ByteArrayInputStream(truncated), List.of("x")))
                .isInstanceOf(IOException.class).hasMessageContaining("ends before its last row");
        assertThatThrownBy(() -> TableFile.read(new ByteArrayInputStream(overlong), List.of("x")))
                .hasMessageContaining("longer than its header says");
    }

    @Test
    void refusesFilesOfAnotherFormat() {
        assertThatThrownBy(() -> TableFile.read(new ByteArrayInputStream("x,y".getBytes()), List.of("x")))
                .hasMessageContaining("not a Kiln table file");
        assertThatThrownBy(() -> TableFile.read(new ByteArrayInputStream("x,y\n1,2\n".getBytes()), List.of("x")))
                .hasMessageContaining("not a Kiln table file");
    }
}
