package dev.kiln.telemetry;

import dev.kiln.run.RunStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges of what the shared database holds — runs by status (the queue's depth is {@code status="queued"}) and the
 * bytes of stored datasets — read every {@code kiln.telemetry.refresh} (10 s) rather than at each scrape, so that
 * scrapes stay cheap. Every instance reports the same values, labelled with its own {@code instance}.
 */
@Component
class StoreGauges {
    private static final Logger log = LoggerFactory.getLogger(StoreGauges.class);

    private final JdbcTemplate jdbc;
    private final Map<RunStatus, AtomicLong> runs = new EnumMap<>(RunStatus.class);
    private final AtomicLong datasetBytes = new AtomicLong();

    StoreGauges(DataSource dataSource, MeterRegistry registry) {
        this.jdbc = new JdbcTemplate(dataSource);
        for (RunStatus status : RunStatus.values()) {
            AtomicLong value = new AtomicLong();
            runs.put(status, value);
            Gauge.builder("kiln.runs", value, AtomicLong::get).description("Runs in the database by status")
                    .tag("status", status.name().toLowerCase(Locale.ROOT)).register(registry);
        }
        Gauge.builder("kiln.datasets.stored", datasetBytes, AtomicLong::get).baseUnit("bytes")
                .description("Bytes of the stored datasets' files").register(registry);
        refresh();
    }

    @Scheduled(fixedDelayString = "${kiln.telemetry.refresh:10s}", initialDelayString = "${kiln.telemetry.refresh:10s}")
    void refresh() {
        try {
            Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
            jdbc.query("select status, count(*) from runs group by status", rs -> {
                counts.put(RunStatus.valueOf(rs.getString(1)), rs.getLong(2));
            });
            runs.forEach((status, value) -> value.set(counts.getOrDefault(status, 0L)));
            Long bytes = jdbc.queryForObject("select coalesce(sum(size_bytes), 0) from datasets", Long.class);
            datasetBytes.set(bytes == null ? 0 : bytes);
        } catch (RuntimeException e) {
            log.debug("Could not refresh the store gauges: {}", e.toString());
        }
    }
}
