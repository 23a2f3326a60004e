package dev.kiln.telemetry;

import dev.kiln.KilnInstance;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every meter carries {@code kiln_instance}, this process's id ({@code kiln.instance-id}); not {@code instance},
 * which Prometheus sets itself to the scraped address.
 */
@Configuration(proxyBeanMethods = false)
class InstanceTag {
    @Bean
    MeterRegistryCustomizer<MeterRegistry> kilnInstanceTag(KilnInstance instance) {
        return registry -> registry.config().commonTags("kiln_instance", instance.id());
    }
}
