package io.darkroom.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.media.ProbeException;
import io.darkroom.media.StorageRoots;
import io.darkroom.recipe.Budgets;
import io.darkroom.recipe.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources per job, and the probing of one request: several at once, and never longer than the deadline. */
class SubmitLimitsTest {
    @TempDir
    Path media;

    @TempDir
    Path out;

    private List<SourceRef> files(int n) throws IOException {
        List<SourceRef> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Files.writeString(media.resolve("A001_C00" + i + ".mov"), "not read: the prober is the test's");
            refs.add(new SourceRef("media", "A001_C00" + i + ".mov"));
        }
        return refs;
    }

    private JobRequestValidator validator(MediaProber prober, SubmitLimits limits) {
        StorageRoots roots = new StorageRoots(Map.of("media", media, "out", out));
        return new JobRequestValidator(roots, List.of("cpu"), prober, null, Budgets.DEFAULTS, limits);
    }

    private static JobRequest request(List<SourceRef> sources) {
        return new JobRequest(
                "limits",
                50,
                "cpu",
                "dit@set",
                sources,
                Recipe.of(List.of(OutputSpec.of("review", "h264-review", 1280, 720))),
                new SourceRef("out", "day01"));
    }

    @Test
    void moreSourcesThanTheSiteTakesIsRefusedNamingTheSetting() throws IOException {
        Validation v = validator(
                        f -> JobRequestValidatorTest.FAKE_INFO, new SubmitLimits(2, 1, Duration.ofSeconds(30), null))
                .validate(request(files(3)));
        assertThat(v.ok()).isFalse();
        assertThat(v.violations()).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("sources");
            assertThat(x.problem()).isEqualTo(Problem.TOO_MANY);
            assertThat(x.message()).contains("at most 2 sources (darkroom.budgets.sources-per-job), got 3");
        });
        assertThat(validator(
                                f -> JobRequestValidatorTest.FAKE_INFO,
                                new SubmitLimits(3, 1, Duration.ofSeconds(30), null))
                        .validate(request(files(3)))
                        .ok())
                .isTrue();
    }

    @Test
    void sourcesAreProbedSeveralAtOnce() throws IOException {
        // each probe waits until three are running: one at a time, this request could never finish
        CountDownLatch allThree = new CountDownLatch(3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        MediaProber prober = f -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            allThree.countDown();
            try {
                if (!allThree.await(20, TimeUnit.SECONDS)) {
                    throw new ProbeException(Problem.PROBE_FAILED, "the other probes never started");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return JobRequestValidatorTest.FAKE_INFO;
        };
        Validation v = validator(prober, new SubmitLimits(10, 3, Duration.ofSeconds(60), null))
                .validate(request(files(6)));
        assertThat(v.violations()).isEmpty();
        assertThat(v.sources()).hasSize(6);
        assertThat(v.sources())
                .extracting(p -> p.source().path())
                .containsExactly(
                        "A001_C000.mov",
                        "A001_C001.mov",
                        "A001_C002.mov",
                        "A001_C003.mov",
                        "A001_C004.mov",
                        "A001_C005.mov");
        assertThat(most.get()).isEqualTo(3);
    }

    @Test
    void aRequestWhoseProbingOutlivesTheDeadlineIsRefusedAndItsProbesStopped() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        MediaProber prober = f -> {
            if (!f.getFileName().toString().endsWith("1.mov")) {
                return JobRequestValidatorTest.FAKE_INFO;
            }
            try {
                new CountDownLatch(1).await(); // a file on storage that never answers
            } catch (InterruptedException e) {
                stopped.countDown();
                Thread.currentThread().interrupt();
            }
            throw new ProbeException(Problem.PROBE_FAILED, "interrupted");
        };
        Validation v = validator(prober, new SubmitLimits(10, 2, Duration.ofMillis(300), null))
                .validate(request(files(3)));
        assertThat(v.ok()).isFalse();
        assertThat(v.violations()).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("sources");
            assertThat(x.problem()).isEqualTo(Problem.OVER_BUDGET);
            assertThat(x.message())
                    .startsWith("1 of 3 sources were not probed within 300 ms (darkroom.budgets.probe-deadline)");
        });
        assertThat(stopped.await(10, TimeUnit.SECONDS))
                .as("the late probe was interrupted")
                .isTrue();
    }

    @Test
    void theRecipesFilesAreWeighedWithTheSitesFileBudgets() throws IOException {
        Files.writeString(
                media.resolve("show.cube"), "LUT_3D_SIZE 2\n0 0 0\n1 0 0\n0 1 0\n1 1 0\n0 0 1\n1 0 1\n0 1 1\n1 1 1\n");
        JobRequest r = request(files(1));
        r = new JobRequest(
                r.name(),
                r.priority(),
                r.pool(),
                r.submittedBy(),
                r.sources(),
                r.recipe()
                        .withOps(List.of(new io.darkroom.contracts.ops.Op.Lut3d(new SourceRef("media", "show.cube")))),
                r.destination());
        SubmitLimits tiny =
                new SubmitLimits(10, 1, Duration.ofSeconds(30), new io.darkroom.recipe.FileBudgets(16, 16, 16, 17));
        Validation v = validator(f -> JobRequestValidatorTest.FAKE_INFO, tiny).validate(r);
        assertThat(v.violations()).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo("recipe.ops[0].file");
            assertThat(x.problem()).isEqualTo(Problem.OVER_BUDGET);
            assertThat(x.message()).contains("(darkroom.budgets.lut-bytes)");
        });
        assertThat(validator(f -> JobRequestValidatorTest.FAKE_INFO, SubmitLimits.DEFAULTS)
                        .validate(r)
                        .ok())
                .isTrue();
    }

    @Test
    void limitsMustBePositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SubmitLimits(0, 1, Duration.ofSeconds(1), null))
                .hasMessageContaining("sources-per-job 0");
    }
}
