package io.darkroom.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.ingest.testing.TestConfig;
import io.darkroom.ingest.testing.TestConfig.Cfg;
import io.darkroom.ingest.testing.TestConfig.Kf;
import io.darkroom.ingest.testing.TestConfig.St;
import io.darkroom.ingest.testing.TestConfig.Tp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestConfigValidatorTest {

    @Test
    void goodConfigHasNoProblems() {
        assertThat(IngestConfigValidator.problems(TestConfig.good())).isEmpty();
    }

    @Test
    void eachBadValueIsNamedByItsKey() {
        Cfg bad = new Cfg(new St(Map.of("Media Library", "/mnt/media", "out", " ")), "localhost:8082",
                List.of("cpu", "GPU!", "cpu"), new Tp("jobs submitted", 0, (short) 0), new Kf(Duration.ZERO));

        assertThat(IngestConfigValidator.problems(bad))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.storage.roots.Media Library:"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.storage.roots.out: no path"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.process-url:"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.pools[1]:"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.pools[2]:").contains("twice"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.topics.jobs-submitted:"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.topics.partitions:"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.topics.replication-factor:"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.kafka.send-timeout:"))
                .hasSize(9);
    }

    @Test
    void noRootsAndNoPoolsStopBoot() {
        Cfg empty = new Cfg(new St(Map.of()), "https://process.example:8443/api", List.of(),
                new Tp("darkroom.jobs.submitted", 4, (short) 3), new Kf(Duration.ofSeconds(1)));
        assertThat(IngestConfigValidator.problems(empty)).containsExactly(
                "darkroom.storage.roots: no storage root configured (e.g. darkroom.storage.roots.media=/mnt/media)",
                "darkroom.pools: at least one pool is needed");
    }

    @Test
    void processUrlMustBeHttp() {
        Cfg ftp = new Cfg(TestConfig.good().storage(), "ftp://host/x", TestConfig.good().pools(), TestConfig.good().topics(), TestConfig.good().kafka());
        assertThat(IngestConfigValidator.problems(ftp)).singleElement().asString().startsWith("darkroom.process-url:");
    }
}
