package dev.kiln.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Profiles a CSV stream in one pass: dialect, row count and every column's profile. */
final class CsvProfiling {
    private CsvProfiling() {}

    record Result(CsvDialect dialect, DatasetProfile profile) {}

    static Result profile(InputStream in, int distinctCap, int topValues) throws IOException {
        List<ColumnProfiler> profilers = new ArrayList<>();
        CsvFile.Shape shape = CsvFile.scan(in,
                header -> header.forEach(h -> profilers.add(new ColumnProfiler(h, distinctCap))),
                record -> {
                    for (int i = 0; i < record.length; i++) {
                        profilers.get(i).accept(record[i]);
                    }
                });
        var columns = profilers.stream().map(p -> p.finish(topValues)).toList();
        return new Result(shape.dialect(), new DatasetProfile(shape.rows(), columns));
    }
}
