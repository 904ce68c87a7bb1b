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
        Cfg bad = new Cfg(
                new St(Map.of("Media Library", "/mnt/media", "out", " ")),
                "localhost:8082",
                List.of("cpu", "GPU!", "cpu"),
                new Tp("jobs submitted", 0, (short) 0),
                new Kf(Duration.ZERO));

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
        Cfg empty = new Cfg(
                new St(Map.of()),
                "https://process.example:8443/api",
                List.of(),
                new Tp("darkroom.jobs.submitted", 4, (short) 3),
                new Kf(Duration.ofSeconds(1)));
        assertThat(IngestConfigValidator.problems(empty))
                .containsExactly(
                        "darkroom.storage.roots: no storage root configured (e.g. darkroom.storage.roots.media=/mnt/media)",
                        "darkroom.pools: at least one pool is needed");
    }

    @Test
    void aWrongRootModeStopsBoot() {
        Cfg g = TestConfig.good();
        Cfg cfg = new Cfg(
                new St(Map.of("media", "/mnt/media"), Map.of("media", "public")),
                g.processUrl(),
                g.pools(),
                g.topics(),
                g.kafka());
        assertThat(IngestConfigValidator.problems(cfg))
                .singleElement()
                .asString()
                .startsWith("darkroom.storage.modes.media: 'public' is not a root mode");
    }

    @Test
    void processUrlMustBeHttp() {
        Cfg ftp = new Cfg(
                TestConfig.good().storage(),
                "ftp://host/x",
                TestConfig.good().pools(),
                TestConfig.good().topics(),
                TestConfig.good().kafka());
        assertThat(IngestConfigValidator.problems(ftp))
                .singleElement()
                .asString()
                .startsWith("darkroom.process-url:");
    }

    static final String RECIPE = "{\"outputs\": [{\"name\": \"review\", \"preset\": \"h264-review\"}]}";

    @Test
    void aGoodWatchFolderPasses() {
        Cfg cfg = withWork().withWatch(Map.of("dailies", TestConfig.Wf.of("media", "incoming", RECIPE)));
        assertThat(IngestConfigValidator.problems(cfg)).isEmpty();
        assertThat(WatchFolders.of(cfg)).singleElement().satisfies(f -> {
            assertThat(f.recipe().outputs()).hasSize(1);
            assertThat(f.stableFor()).isEqualTo(Duration.ofSeconds(10));
            assertThat(f.destination()).isNull();
        });
    }

    @Test
    void eachBadWatchValueIsNamedByItsKey() {
        var bad = new TestConfig.Wf(
                "nope",
                "../up",
                java.util.Optional.of("{\"outputs\": [{\"name\": \"Bad Name\", " + "\"preset\": \"h264-review\"}]}"),
                Duration.ZERO,
                Duration.ofHours(2),
                "*.{mov",
                true,
                101,
                "tpu",
                java.util.Optional.of("work:incoming/out"));
        var inside = new TestConfig.Wf(
                "out",
                "incoming",
                java.util.Optional.of("not json"),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                "*",
                true,
                50,
                "cpu",
                java.util.Optional.of("out:incoming/renders"));
        var misspelt = TestConfig.Wf.of(
                "media",
                "cards",
                "{\"segmentFrame\": 50, \"outputs\": [{\"name\": \"review\", \"preset\": \"h264-review\"}]}");
        var internal = TestConfig.Wf.of("work", "incoming", RECIPE);
        var readOnlyOut = new TestConfig.Wf(
                "media",
                "cards",
                java.util.Optional.of(RECIPE),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                "*",
                true,
                50,
                "cpu",
                java.util.Optional.of("media:renders"));
        Cfg cfg = withWork()
                .withWatch(Map.of(
                        "Day One", bad, "inside", inside, "internal", internal, "ro", readOnlyOut, "typo", misspelt));
        assertThat(IngestConfigValidator.problems(cfg))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.watch.Day One: watch folder names"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.watch.Day One: unknown storage root 'nope'"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.watch.Day One.recipe: recipe.outputs[0].name"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.watch.Day One.stable-for:"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.watch.Day One.poll-interval:"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.watch.Day One.pattern:"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.watch.Day One.priority:"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.watch.Day One.pool:"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.watch.inside.recipe: not inline recipe JSON"))
                .anySatisfy(p -> assertThat(p)
                        .startsWith("darkroom.watch.typo.recipe: not inline recipe JSON")
                        .contains("Unknown field 'segmentFrame' in the Recipe (did you mean 'segmentFrames'?)"))
                .anySatisfy(p -> assertThat(p)
                        .startsWith("darkroom.watch.inside.destination:")
                        .contains("inside the watched"))
                .anySatisfy(
                        p -> assertThat(p).startsWith("darkroom.watch.Day One.destination: root 'work' is internal"))
                .anySatisfy(p -> assertThat(p).startsWith("darkroom.watch.internal.root: 'work' is an internal root"))
                .anySatisfy(p -> assertThat(p)
                        .startsWith("darkroom.watch.ro.destination: root 'media' is read-only")
                        .endsWith("writable root [out]"))
                .hasSize(14);
    }

    private static Cfg withWork() {
        Cfg g = TestConfig.good();
        return new Cfg(
                new St(Map.of("media", "/mnt/media", "out", "/mnt/out", "work", "/mnt/work")),
                g.processUrl(),
                g.pools(),
                g.topics(),
                g.kafka());
    }
}
