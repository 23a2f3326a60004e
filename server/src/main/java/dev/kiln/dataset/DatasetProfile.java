package dev.kiln.dataset;

import java.util.List;
import java.util.Optional;

/**
 * The profile of a whole dataset: its rows and, in file order, its columns. An image dataset has one row per image,
 * one column ({@code label}, the class) and its {@code images} profile.
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record DatasetProfile(long rows, List<ColumnProfile> columns, ImageProfile images) {
    /** The column that holds an image dataset's class. */
    public static final String LABEL = "label";

    public DatasetProfile(long rows, List<ColumnProfile> columns) {
        this(rows, columns, null);
    }

    public Optional<ColumnProfile> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnProfile::name).toList();
    }
}
