package dev.kiln.run.web;

import dev.kiln.domain.InvalidParameter;
import dev.kiln.run.RunStatus;
import dev.kiln.run.search.FilterParser;
import dev.kiln.run.search.RunFilter;
import dev.kiln.run.search.RunSearch;
import dev.kiln.web.PageQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;

/** A runs list request resolved: its filters (the plain parameters and the filter expression), order and page. */
record RunQuery(List<RunFilter> filters, RunSearch.Order order, Pageable page) {
    static final String DESCRIPTION = """
            The plain parameters and `filter` combine with AND. `filter` is an expression over the run's fields             (status, task, target, priority, epoch, createdAt, startedAt, finishedAt, datasetId, modelId, id), its             metrics (`metrics.val_accuracy`: the latest epoch's, `metrics.test_accuracy`: the test's), its resolved             hyperparameters (`params.optimizer.type`, `params.batchSize`) and its tags (`tags.team`), with             =, !=, <, <=, >, >=, [NOT] IN (…), BETWEEN … AND …, [NOT] LIKE '%…', IS [NOT] NULL, AND, OR, NOT and             parentheses; strings in single quotes (a quote inside doubled), dates as 2026-11-30 or             2026-11-30T12:00:00Z. Example: `metrics.val_accuracy > 0.9 AND params.optimizer.type = 'adam' AND             (status IN ('SUCCEEDED','FAILED') OR tags.team = 'risk')`. A mistake is answered 400 naming the position             and the token. `sort` takes createdAt, startedAt, finishedAt, status, priority, epoch, task, target, or a             metric, param or tag (`metrics.val_loss,asc`); runs without that value come last.""";

    static RunQuery of(RunStatus status, UUID datasetId, UUID modelId, String filter, PageQuery page) {
        List<RunFilter> filters = new ArrayList<>();
        if (status != null) {
            filters.add(equal("status", status.name()));
        }
        if (datasetId != null) {
            filters.add(equal("datasetId", datasetId.toString()));
        }
        if (modelId != null) {
            filters.add(equal("modelId", modelId.toString()));
        }
        if (filter != null && !filter.isBlank()) {
            filters.add(FilterParser.parse(filter));
        }
        RunSearch.Order order = page.sort() == null || page.sort().isBlank()
                ? RunSearch.Order.parse("createdAt,desc") : RunSearch.Order.parse(page.sort());
        if (page.page() != null && (long) page.page() * (page.size() == null ? PageQuery.DEFAULT_SIZE : page.size())
                > Integer.MAX_VALUE) {
            throw new InvalidParameter("page", "too far");
        }
        return new RunQuery(filters, order, PageRequest.of(page.page() == null ? 0 : page.page(),
                page.size() == null ? PageQuery.DEFAULT_SIZE : page.size()));
    }

    private static RunFilter equal(String field, String value) {
        return FilterParser.parse(field + " = '" + value + "'");
    }
}
