package io.darkroom.process.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;

/** Histogram buckets for the timers made elsewhere in process-service (assembly and QC durations). */
public class Histograms {
    private static final Set<String> TIMERS = Set.of("darkroom.assembly.duration", "darkroom.qc.duration");

    @Produces
    @Singleton
    MeterFilter darkroomHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!TIMERS.contains(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .percentilesHistogram(true)
                        .serviceLevelObjectives(
                                nanos(1), nanos(5), nanos(15), nanos(30), nanos(60), nanos(120), nanos(300), nanos(900))
                        .build()
                        .merge(config);
            }
        };
    }

    private static double nanos(long seconds) {
        return Duration.ofSeconds(seconds).toNanos();
    }
}
