package dev.kiln.training;

import dev.kiln.dataset.Table;
import dev.kiln.feature.EncodedRows;
import dev.kiln.feature.FeaturePipeline;
import dev.kiln.feature.TargetEncoder;
import dev.kiln.model.ModelSpec;
import dev.kiln.interaction.HeldOut;
import dev.kiln.feature.InteractionCatalog;
import dev.kiln.interaction.InteractionSplit;
import dev.kiln.interaction.InteractionSpec;
import dev.kiln.interaction.NegativeSampler;
import dev.kiln.interaction.NegativeSampling;
import dev.kiln.interaction.RankingData;
import dev.kiln.run.Run;
import dev.kiln.run.Task;
import dev.kiln.run.spec.TrainingSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A rating or ranking run's data: the interactions with a user and an item (and, for rating, a rating) held out
 * as the run's split says, the user and item ids indexed on the training interactions, and what the run keeps to
 * recommend. A rating run then trains as a regression on the rating; a ranking run on its positives with each
 * epoch's negatives sampled, measured on its held-out users.
 */
final class InteractionPreparation {
    private final Run run;
    private final TrainingSpec hp;
    private final InteractionSpec spec;
    private final boolean ranking;

    InteractionPreparation(Run run) {
        this.run = run;
        this.hp = run.getSpec();
        this.spec = hp.interactions();
        this.ranking = run.getTask() == Task.RANKING;
    }

    /** The columns to read: the features (user and item among them), the rating, the time (of training data). */
    List<String> columns(boolean training) {
        List<String> columns = new ArrayList<>(run.getFeatures());
        if (!ranking && !columns.contains(spec.rating())) {
            columns.add(spec.rating());
        }
        if (training && spec.timestamp() != null && !columns.contains(spec.timestamp())) {
            columns.add(spec.timestamp());
        }
        return columns;
    }

    JobPreparation.Prepared prepare(ModelSpec model, Table table, String sha256, Function<UUID, Table> other,
                                    TrainingJob.Control control) {
        int[] rows = usable(table);
        if (rows.length < 2) {
            throw new TrainingFailed("the dataset has fewer than 2 interactions with a user, an item"
                    + (ranking ? "" : " and a rating"));
        }
        InteractionSplit split = hp.validationDatasetId() != null ? new InteractionSplit(rows, new int[0])
                : InteractionSplit.of(spec.split(), rows, at(table.column(spec.user()).labels(), rows),
                times(table, rows), hp.validationSplit(), hp.seed());
        FeaturePipeline pipeline = FeaturePipeline.fitInteractions(table, split.train(), run.getFeatures(),
                spec.user(), spec.item(), ranking ? null : spec.rating(), hp.preprocessing());
        int users = pipeline.categoriesOf(spec.user()).size();
        int items = pipeline.categoriesOf(spec.item()).size();
        float[] trainRows = pipeline.encodeFeatures(table, split.train()); // encoded once, used thrice
        int[][] trainIds = ids(pipeline, trainRows);
        InteractionCatalog catalog = InteractionCatalog.fit(spec.user(), spec.item(), users, items, trainIds[0],
                trainIds[1], ranking ? null : range(table, split.train()));
        catalog = withSideFeatures(catalog, pipeline, trainRows, trainIds);
        pipeline = pipeline.withInteractions(catalog);
        Optional<Table> validationTable = Optional.ofNullable(hp.validationDatasetId()).map(other);
        Optional<Table> testTable = Optional.ofNullable(run.getTestDatasetId()).map(other);
        TrainingJob.Data data = ranking ? rankingData(pipeline, table, split, trainRows, trainIds,
                validationTable, testTable)
                : ratingData(pipeline, table, split, validationTable, testTable);
        var job = new TrainingJob(run.getId(), model, run.getTask(), 1, data, hp, control, pipeline.layout());
        return new JobPreparation.Prepared(job, pipeline, sha256, List.of());
    }

    /** The features besides the user and the item, each classified as an item's, a user's or neither. */
    private InteractionCatalog withSideFeatures(InteractionCatalog catalog, FeaturePipeline pipeline, float[] rows,
                                                int[][] ids) {
        var side = pipeline.layout().columns().stream().filter(c -> !c.name().equals(spec.user())
                && !c.name().equals(spec.item())).toList();
        if (side.isEmpty()) {
            return catalog;
        }
        return catalog.withSideFeatures(InteractionCatalog.sideFeatures(rows, pipeline.width(), ids[0], ids[1],
                catalog.users(), catalog.items(), side.stream().map(c -> c.name()).toList(),
                side.stream().mapToInt(c -> c.offset()).toArray(), side.stream().mapToInt(c -> c.width()).toArray()));
    }

    private TrainingJob.Data ratingData(FeaturePipeline pipeline, Table table, InteractionSplit split,
                                        Optional<Table> validationTable, Optional<Table> testTable) {
        EncodedRows train = pipeline.encode(table, split.train());
        Optional<EncodedRows> validation = validationTable.map(t -> pipeline.encode(t, usable(t)))
                .or(() -> split.heldOut().length == 0 ? Optional.empty()
                        : Optional.of(pipeline.encode(table, split.heldOut())));
        Optional<EncodedRows> test = testTable.map(t -> pipeline.encode(t, usable(t)));
        double scale = ((TargetEncoder.Standardized) pipeline.target()).std();
        return new TrainingJob.Data(train, validation, test, scale, List.of(), null);
    }

    private TrainingJob.Data rankingData(FeaturePipeline pipeline, Table table, InteractionSplit split,
                                         float[] trainRows, int[][] train,
                                         Optional<Table> validationTable, Optional<Table> testTable) {
        var catalog = pipeline.interactions();
        float[] ones = new float[train[0].length];
        Arrays.fill(ones, 1f);
        EncodedRows positives = new EncodedRows(trainRows, ones, ones.length,
                pipeline.width());
        var sampler = sampler(train, catalog, hp.seed());
        int[][] held = validationTable.map(t -> ids(pipeline, t, usable(t)))
                .orElseGet(() -> ids(pipeline, table, split.heldOut()));
        int[][] tested = testTable.map(t -> ids(pipeline, t, usable(t))).orElse(null);
        HeldOut validation = held[0].length == 0 ? null : HeldOut.of(held[0], held[1], catalog.seenItems());
        HeldOut test = tested == null ? null : HeldOut.of(tested[0], tested[1], catalog.seenItems());
        // the held-out positives against negatives drawn once: what val_loss and test_loss are measured on
        Optional<EncodedRows> validationRows = Optional.ofNullable(validation).map(v -> lossRows(held, catalog));
        Optional<EncodedRows> testRows = Optional.ofNullable(test).map(t -> lossRows(tested, catalog));
        return new TrainingJob.Data(positives, validationRows, testRows, 1.0, List.of(), null, null, null,
                new RankingData(sampler, catalog.items(), validation, test));
    }

    private NegativeSampler sampler(int[][] positives, InteractionCatalog catalog, long seed) {
        return new NegativeSampler(positives[0], positives[1], catalog.seenItems(), catalog.items(),
                spec.negatives(), spec.loss(), spec.negativeSampling() == NegativeSampling.POPULARITY
                ? catalog.popularity() : null, seed);
    }

    /** Known users' held-out interactions with known items, each with sampled negatives (drawn once, seeded). */
    private EncodedRows lossRows(int[][] held, InteractionCatalog catalog) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < held[0].length; i++) {
            if (held[0][i] >= 0 && held[1][i] >= 0) {
                kept.add(i);
            }
        }
        int[] users = kept.stream().mapToInt(i -> held[0][i]).toArray();
        int[] items = kept.stream().mapToInt(i -> held[1][i]).toArray();
        return sampler(new int[][] {users, items}, catalog, hp.seed() + 1).epoch(0);
    }

    /** Rows with a user and an item (and, for rating, a rating). */
    private int[] usable(Table table) {
        String[] users = table.column(spec.user()).labels();
        String[] items = table.column(spec.item()).labels();
        double[] ratings = ranking ? null : ((Table.NumericColumn) table.column(spec.rating())).values();
        return IntStream.range(0, table.rows()).filter(r -> users[r] != null && items[r] != null
                && (ratings == null || !Double.isNaN(ratings[r]))).toArray();
    }

    private double[] times(Table table, int[] rows) {
        if (spec.timestamp() == null) {
            return null;
        }
        double[] values = ((Table.NumericColumn) table.column(spec.timestamp())).values();
        return Arrays.stream(rows).mapToDouble(r -> Double.isNaN(values[r]) ? Double.NEGATIVE_INFINITY : values[r])
                .toArray();
    }

    private double[] range(Table table, int[] rows) {
        double[] values = ((Table.NumericColumn) table.column(spec.rating())).values();
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int r : rows) {
            low = Math.min(low, values[r]);
            high = Math.max(high, values[r]);
        }
        return new double[] {low, high};
    }

    /** The encoded user and item ids of {@code rows} (−1 for ids the training interactions lack). */
    private int[][] ids(FeaturePipeline pipeline, Table table, int[] rows) {
        return ids(pipeline, pipeline.encodeFeatures(table, rows));
    }

    /** The encoded user and item ids of encoded rows. */
    private int[][] ids(FeaturePipeline pipeline, float[] x) {
        int rows = x.length / pipeline.width();
        int width = pipeline.width();
        int userAt = pipeline.layout().offsetOf(spec.user());
        int itemAt = pipeline.layout().offsetOf(spec.item());
        int[] users = new int[rows];
        int[] items = new int[rows];
        for (int i = 0; i < rows; i++) {
            users[i] = (int) x[i * width + userAt];
            items[i] = (int) x[i * width + itemAt];
        }
        return new int[][] {users, items};
    }

    private static String[] at(String[] values, int[] rows) {
        String[] picked = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = values[rows[i]];
        }
        return picked;
    }
}
