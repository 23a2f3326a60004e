package dev.kiln.dataset;

import java.util.List;
import java.util.Optional;

/** The profile of a whole dataset: its rows and, in file order, its columns. */
public record DatasetProfile(long rows, List<ColumnProfile> columns) {

    public Optional<ColumnProfile> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnProfile::name).toList();
    }
}
