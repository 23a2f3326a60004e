package dev.kiln;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** {@code /actuator/info} names this instance and its roles. */
@Component
class InstanceInfo implements InfoContributor {
    private final KilnInstance instance;
    private final Environment environment;

    InstanceInfo(KilnInstance instance, Environment environment) {
        this.instance = instance;
        this.environment = environment;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("kiln", java.util.Map.of(
                "instance", instance.id(),
                "api", environment.getProperty("kiln.api.enabled", Boolean.class, true),
                "worker", environment.getProperty("kiln.worker.enabled", Boolean.class, true)));
    }
}
