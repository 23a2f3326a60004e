package dev.kiln.run.search;

import dev.kiln.run.RunHistory;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** At startup, indexes the runs stored before the search index existed, so that filters find them too. */
@Component
class IndexBackfill implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(IndexBackfill.class);

    private final RunIndex index;
    private final RunHistory history;

    IndexBackfill(RunIndex index, RunHistory history) {
        this.index = index;
        this.history = history;
    }

    @Override
    public void run(ApplicationArguments args) {
        int done = 0;
        List<UUID> batch;
        while (!(batch = index.unindexed(200)).isEmpty()) {
            batch.forEach(history::reindex);
            done += batch.size();
        }
        if (done > 0) {
            log.info("Indexed {} earlier runs for search", done);
        }
    }
}
