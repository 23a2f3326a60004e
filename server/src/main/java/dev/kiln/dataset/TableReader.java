package dev.kiln.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the chosen columns of a stored CSV into a {@link Table}, typed as the dataset's profile says. */
final class TableReader {
    private TableReader() {}

    static Table read(InputStream in, CsvDialect dialect, DatasetProfile profile, List<String> names, int expectedRows)
            throws IOException {
        int width = names.size();
        int[] positions = new int[width];
        boolean[] numeric = new boolean[width];
        List<String> header = profile.columnNames();
        for (int i = 0; i < width; i++) {
            positions[i] = header.indexOf(names.get(i));
            numeric[i] = profile.columns().get(positions[i]).isNumeric();
        }
        double[][] numbers = new double[width][];
        String[][] strings = new String[width][];
        for (int i = 0; i < width; i++) {
            if (numeric[i]) {
                numbers[i] = new double[expectedRows];
            } else {
                strings[i] = new String[expectedRows];
            }
        }
        Map<String, String> interned = new HashMap<>();
        int[] row = {0};
        // read to the end so that a verifying stream checks the file's sha256
        CsvFile.scan(in, dialect, Long.MAX_VALUE, record -> {
            int r = row[0]++;
            if (r >= expectedRows) {
                throw new CsvFormatException("the stored file has more rows than its profile; it has been altered");
            }
            for (int i = 0; i < width; i++) {
                String cell = record[positions[i]];
                boolean missing = CellValues.isMissing(cell);
                if (numeric[i]) {
                    numbers[i][r] = missing ? Double.NaN : CellValues.parseNumber(cell);
                } else {
                    strings[i][r] = missing ? null : interned.computeIfAbsent(cell, c -> c);
                }
            }
        });
        List<Table.Column> columns = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            columns.add(numeric[i]
                    ? new Table.NumericColumn(names.get(i), Arrays.copyOf(numbers[i], row[0]))
                    : new Table.CategoricalColumn(names.get(i), Arrays.copyOf(strings[i], row[0])));
        }
        return new Table(row[0], columns);
    }
}
