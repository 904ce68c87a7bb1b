package io.darkroom.process.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.local.test.DarkroomTestResource;
import io.darkroom.process.persistence.Database;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** {@link JobWorker} on the real catalog (its advisory locks): what it does with work that throws, Errors included. */
@QuarkusTest
@WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)
class JobWorkerIT {
    private static final Logger LOG = Logger.getLogger(JobWorkerIT.class);

    @Inject
    Database db;

    @Test
    void onlyFailuresInARowCountAndAnErrorDoesNotStopTheWorker() {
        UUID job = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        // the job's runs, in order: an Error, a success, two more failures, a success: never three in a row
        Iterator<Throwable> outcomes = new ArrayList<Throwable>(List.of(
                        new UnsatisfiedLinkError("libfontmanager.so"),
                        new Ok(),
                        new NoClassDefFoundError("sun/awt/X11FontManager"),
                        new IllegalStateException("catalog busy"),
                        new Ok()))
                .iterator();
        AtomicInteger runs = new AtomicInteger();
        List<UUID> otherRuns = new CopyOnWriteArrayList<>();
        List<UUID> givenUp = new CopyOnWriteArrayList<>();
        try (JobWorker worker = worker(
                id -> {
                    if (id.equals(other)) {
                        otherRuns.add(id);
                        return;
                    }
                    runs.incrementAndGet();
                    Throwable t = outcomes.hasNext() ? outcomes.next() : new Ok(); // a poll may ask once more
                    if (t instanceof Error e) {
                        throw e;
                    }
                    if (t instanceof RuntimeException e) {
                        throw e;
                    }
                },
                (id, cause) -> givenUp.add(id))) {
            for (int i = 1; i <= 5; i++) {
                int expected = i;
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    worker.resume(() -> List.of(job));
                    return runs.get() >= expected;
                });
            }
            // the worker's thread survived the Errors: other work still runs on it
            worker.submit(other);
            await().atMost(Duration.ofSeconds(10)).until(() -> otherRuns.size() == 1);
        }
        assertThat(runs).hasValueGreaterThanOrEqualTo(5);
        assertThat(givenUp).as("a success in between starts the count again").isEmpty();
    }

    @Test
    void threeFailuresInARowHandTheJobToGiveUpOnceWithTheLastCause() {
        UUID job = UUID.randomUUID();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger runsWhenGivenUp = new AtomicInteger();
        List<Throwable> givenUp = new CopyOnWriteArrayList<>();
        try (JobWorker worker = worker(
                id -> {
                    throw new UnsatisfiedLinkError("libharfbuzz.so.0: attempt " + runs.incrementAndGet());
                },
                (id, cause) -> {
                    runsWhenGivenUp.set(runs.get());
                    givenUp.add(cause);
                })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                worker.resume(() -> givenUp.isEmpty() ? List.of(job) : List.of());
                return !givenUp.isEmpty();
            });
        }
        assertThat(runsWhenGivenUp).hasValue(JobWorker.MAX_ATTEMPTS);
        assertThat(givenUp).singleElement().satisfies(t -> assertThat(JobWorker.describe(t))
                .isEqualTo("UnsatisfiedLinkError: libharfbuzz.so.0: attempt 3"));
    }

    @Test
    void aJobThatLeavesPendingBetweenTwoTriesIsForgottenAndCountsAfreshWhenBack() {
        UUID job = UUID.randomUUID();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger runsWhenGivenUp = new AtomicInteger();
        List<UUID> givenUp = new CopyOnWriteArrayList<>();
        try (JobWorker worker = worker(
                id -> {
                    throw new IllegalStateException("attempt " + runs.incrementAndGet());
                },
                (id, cause) -> {
                    runsWhenGivenUp.set(runs.get());
                    givenUp.add(id);
                })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                if (runs.get() < 2) {
                    worker.resume(() -> List.of(job));
                }
                return worker.failuresInARow(job) == 2;
            });
            worker.resume(List::of); // cancelled between two tries: no longer pending
            assertThat(worker.failuresInARow(job)).isZero();

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                worker.resume(() -> givenUp.isEmpty() ? List.of(job) : List.of());
                return !givenUp.isEmpty();
            });
        }
        assertThat(runsWhenGivenUp)
                .as("two failures before it left, three in a row after")
                .hasValue(5);
        assertThat(givenUp).containsExactly(job);
    }

    @Test
    void aFailureIsDescribedByItsMessageAndAnErrorAlsoByItsClass() {
        assertThat(JobWorker.describe(new IllegalStateException("no output file")))
                .isEqualTo("no output file");
        assertThat(JobWorker.describe(new UnsatisfiedLinkError("libharfbuzz.so.0")))
                .isEqualTo("UnsatisfiedLinkError: libharfbuzz.so.0");
        assertThat(JobWorker.describe(new NullPointerException())).isEqualTo("NullPointerException");
        // the JDK's font manager on a host without fontconfig: the real cause is two causes down
        assertThat(JobWorker.describe(new InternalError(new InvocationTargetException(
                        new RuntimeException("Fontconfig head is null, check your fonts or fonts configuration")))))
                .isEqualTo("InternalError: java.lang.reflect.InvocationTargetException"
                        + " (Fontconfig head is null, check your fonts or fonts configuration)");
        // a cause already in the message is not said twice
        assertThat(JobWorker.describe(new IllegalStateException(new IllegalArgumentException("bad frame rate"))))
                .isEqualTo("java.lang.IllegalArgumentException: bad frame rate");
    }

    private JobWorker worker(Consumer<UUID> work, BiConsumer<UUID, Throwable> giveUp) {
        return new JobWorker("test work", "darkroom-test-worker", 0x7E57L, db, LOG, work, giveUp);
    }

    /** A run that succeeds. */
    private static final class Ok extends Throwable {}
}
