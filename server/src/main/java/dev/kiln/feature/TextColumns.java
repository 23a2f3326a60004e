package dev.kiln.feature;

import dev.kiln.dataset.ColumnProfile;
import dev.kiln.dataset.ValueCount;
import dev.kiln.domain.Violation;
import java.util.List;
import java.util.Optional;

/** What a run's text columns need before training: values, and tokens to fit a vocabulary on. */
public final class TextColumns {
    private TextColumns() {}

    /**
     * A violation when the column, vectorized with {@code settings}, could give no vocabulary: it has no values, or
     * every value the profile lists becomes no token (punctuation only, say).
     */
    public static Optional<Violation> emptyVocabulary(ColumnProfile column, PreprocessingOptions.Column settings) {
        String field = "preprocessing.columns." + column.name();
        if (column.distinct() == 0) {
            return Optional.of(new Violation(field, "the text column has no values: its vocabulary would be empty"));
        }
        if (column.text() != null) {
            return column.text().vocabulary() > 0 ? Optional.empty() : Optional.of(new Violation(field, "the text "
                    + "column has no tokens: its vocabulary would be empty"));
        }
        List<ValueCount> listed = column.values() != null ? column.values() : null;
        if (listed == null) {
            return Optional.empty();
        }
        TextOptions options = TextOptions.of(settings);
        boolean tokens = listed.stream().anyMatch(v -> !TextVectorizer.tokens(v.value(), options).isEmpty());
        return tokens ? Optional.empty() : Optional.of(new Violation(field, "none of the column's values has a token "
                + "once standardized (" + options.standardize().json() + ") and split (" + options.split().json()
                + "): its vocabulary would be empty"));
    }
}
