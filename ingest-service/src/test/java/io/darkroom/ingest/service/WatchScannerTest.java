package io.darkroom.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Actor;
import io.darkroom.contracts.Json;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.ingest.domain.JobIds;
import io.darkroom.ingest.domain.JobRequest;
import io.darkroom.ingest.domain.WatchFiles;
import io.darkroom.ingest.domain.WatchFolder;
import io.darkroom.ingest.domain.WatchKeys;
import io.darkroom.ingest.domain.WatchLedger;
import io.darkroom.recipe.Problem;
import io.darkroom.recipe.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner and its ledger without Quarkus: a fake monotonic clock, a submitter that records its calls. */
class WatchScannerTest {
    static final Duration STABLE = Duration.ofSeconds(1);
    static final Recipe RECIPE = Recipe.of(List.of(OutputSpec.of("review", "h264-review", 0, 0)));

    @TempDir
    Path work;

    Path dir;
    Path ledgers;
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    /** Jobs accepted. */
    final List<Call> calls = new ArrayList<>();
    /** Every submit call, accepted or not. */
    final List<Call> attempts = new ArrayList<>();
    /** What the fake submitter does with the next call (default: accept). */
    java.util.function.Consumer<JobRequest> behaviour = r -> {};

    record Call(JobRequest request, String key) {
        String file() {
            return request.sources().get(0).path();
        }
    }

    @BeforeEach
    void folders() throws IOException {
        dir = Files.createDirectories(work.resolve("incoming"));
        ledgers = work.resolve(".darkroom-watch");
    }

    WatchFolder folder(Recipe recipe) {
        return new WatchFolder(
                "dailies",
                new SourceRef("work", "incoming"),
                recipe,
                STABLE,
                Duration.ofMillis(200),
                WatchFiles.DEFAULT_PATTERN,
                true,
                60,
                "cpu",
                new SourceRef("out", "dailies"));
    }

    WatchScanner scanner(Recipe recipe) throws IOException {
        return new WatchScanner(
                folder(recipe),
                dir,
                WatchLedger.open(ledgers, "dailies"),
                (request, key) -> {
                    attempts.add(new Call(request, key));
                    behaviour.accept(request);
                    calls.add(new Call(request, key));
                    return JobIds.forIdempotencyKey(Actor.service("watch-dailies"), key);
                },
                nanos::get,
                Clock.systemUTC());
    }

    WatchScanner scanner() throws IOException {
        return scanner(RECIPE);
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    Path write(String rel, int bytes, long mtimeMillis) throws IOException {
        Path f = dir.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[bytes], StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Files.setLastModifiedTime(f, FileTime.fromMillis(mtimeMillis));
        return f;
    }

    /** Scans a few times over a span longer than stable-for. */
    void settle(WatchScanner s) {
        for (int i = 0; i < 4; i++) {
            s.scan();
            advance(STABLE.dividedBy(2));
        }
        s.scan();
    }

    @Test
    void aGrowingFileIsTakenOnlyAfterItStoppedChanging_andOnlyOnce() throws IOException {
        WatchScanner s = scanner();
        write("A001/clip.mov", 100, 1_000);
        s.scan();
        advance(Duration.ofMillis(900));
        s.scan();
        write("A001/clip.mov", 100, 2_000); // still copying
        advance(Duration.ofMillis(900));
        s.scan();
        assertThat(calls).isEmpty();
        assertThat(s.status().pending()).isEqualTo(1);
        assertThat(s.status().pendingFiles()).singleElement().satisfies(p -> assertThat(p.waitingFor())
                .contains("unchanged"));

        advance(Duration.ofMillis(900));
        s.scan();
        assertThat(calls).isEmpty(); // 0.9 s since the last change: not yet
        advance(Duration.ofMillis(100));
        s.scan();
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.request().sources()).containsExactly(new SourceRef("work", "incoming/A001/clip.mov"));
            assertThat(c.key()).isEqualTo(WatchKeys.idempotencyKey("dailies", "A001/clip.mov", 200, 2_000));
            assertThat(c.request().recipe()).isEqualTo(RECIPE);
            assertThat(c.request().priority()).isEqualTo(60);
            assertThat(c.request().destination()).isEqualTo(new SourceRef("out", "dailies"));
            assertThat(c.request().submittedBy()).isEqualTo("watch:dailies");
        });
        settle(s);
        settle(s);
        assertThat(calls).hasSize(1);
        assertThat(s.status().submitted()).isEqualTo(1);
        assertThat(s.status().pending()).isZero();
        assertThat(s.status().lastSubmissions()).singleElement().satisfies(sub -> {
            assertThat(sub.file()).isEqualTo("A001/clip.mov");
            assertThat(sub.jobId())
                    .isEqualTo(WatchKeys.jobId(Actor.service("watch-dailies"), "dailies", "A001/clip.mov", 200, 2_000));
        });
    }

    @Test
    void aRestartDoesNotResubmit_submittedOrRejected() throws IOException {
        behaviour = r -> {
            if (r.sources().get(0).path().endsWith("notes.mov")) {
                throw new JobRejectedException(
                        List.of(Violation.of("sources[0].path", Problem.NOT_MEDIA, "not media")));
            }
        };
        write("a.mov", 10, 5_000);
        write("notes.mov", 10, 5_000);
        settle(scanner());
        assertThat(attempts).extracting(Call::file).containsExactly("incoming/a.mov", "incoming/notes.mov");
        assertThat(calls).extracting(Call::file).containsExactly("incoming/a.mov");

        attempts.clear();
        calls.clear();
        WatchScanner second = scanner(); // a new process over the same ledger
        settle(second);
        settle(second);
        assertThat(attempts).isEmpty();
        assertThat(second.status().submitted()).isEqualTo(1);
        assertThat(second.status().rejected()).isEqualTo(1);
        assertThat(second.status().pending()).isZero();

        write("a.mov", 10, 9_000); // a new version of the file is a new submission
        settle(second);
        assertThat(calls).singleElement().satisfies(c -> assertThat(c.key())
                .isEqualTo(WatchKeys.idempotencyKey("dailies", "a.mov", 20, 9_000)));
    }

    @Test
    void aLostLedgerWriteResubmitsUnderTheSameKeyAndJobId() throws IOException {
        write("a.mov", 10, 5_000);
        settle(scanner());
        Files.delete(ledgers.resolve("dailies.ledger.json"));
        settle(scanner());
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).key()).isEqualTo(calls.get(0).key());
    }

    @Test
    void jobIdIsDeterministicPerWatchPathSizeAndMtime() {
        Actor watch = Actor.service("watch-dailies");
        String id = WatchKeys.jobId(watch, "dailies", "A001/clip.mov", 1234, 1_700_000_000_000L);
        assertThat(id)
                .isEqualTo(WatchKeys.jobId(watch, "dailies", "A001/clip.mov", 1234, 1_700_000_000_000L))
                .isEqualTo(JobIds.forIdempotencyKey(
                        watch, WatchKeys.idempotencyKey("dailies", "A001/clip.mov", 1234, 1_700_000_000_000L)))
                .isNotEqualTo(WatchKeys.jobId(watch, "dailies", "A001/clip.mov", 1235, 1_700_000_000_000L))
                .isNotEqualTo(WatchKeys.jobId(watch, "dailies", "A001/clip.mov", 1234, 1_700_000_000_001L))
                .isNotEqualTo(WatchKeys.jobId(watch, "dailies", "A002/clip.mov", 1234, 1_700_000_000_000L))
                .isNotEqualTo(WatchKeys.jobId(
                        Actor.service("watch-other"), "other", "A001/clip.mov", 1234, 1_700_000_000_000L));
        String odd = WatchKeys.idempotencyKey("dailies", "x/".repeat(300) + "new\nline.mov", 1, 1);
        assertThat(odd).hasSizeLessThanOrEqualTo(200).doesNotContain("\n").startsWith("watch:dailies:");
    }

    @Test
    void aRejectedFileIsRecordedAndLoggedOnce_andRetriedOnlyWhenItChanges() throws IOException {
        behaviour = r -> {
            throw new JobRejectedException(List.of(
                    Violation.of("sources[0].path", Problem.NOT_MEDIA, "work:incoming/notes.mov: not a media file")));
        };
        write("notes.mov", 12, 5_000);
        WatchScanner s = scanner();
        settle(s);
        settle(s);
        settle(s);
        assertThat(attempts).hasSize(1);
        assertThat(s.status().rejected()).isEqualTo(1);
        assertThat(s.status().lastRejections()).singleElement().satisfies(r -> {
            assertThat(r.file()).isEqualTo("notes.mov");
            assertThat(r.reason()).contains("NOT_MEDIA").contains("not a media file");
        });
        WatchLedger.Entry entry =
                WatchLedger.open(ledgers, "dailies").get("notes.mov").orElseThrow();
        assertThat(entry.status()).isEqualTo(WatchLedger.Status.REJECTED);

        write("notes.mov", 1, 6_000);
        settle(s);
        assertThat(attempts).hasSize(2);
    }

    @Test
    void temporaryNamesDotfilesAndEmptyFilesAreNotTaken() throws IOException {
        write(".hidden.mov", 10, 5_000);
        write("._clip.mov", 10, 5_000);
        write("clip.mov.part", 10, 5_000);
        write("clip.mov.tmp", 10, 5_000);
        write(".sync/inside.mov", 10, 5_000);
        write("readme.txt", 10, 5_000);
        write("empty.mov", 0, 5_000);
        WatchScanner s = scanner();
        settle(s);
        settle(s);
        assertThat(calls).isEmpty();
        assertThat(s.status().pendingFiles()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("empty.mov");
            assertThat(p.waitingFor()).contains("empty");
        });

        Files.move(dir.resolve("clip.mov.part"), dir.resolve("clip.mov")); // copy finished: renamed into place
        settle(s);
        assertThat(calls).extracting(Call::file).containsExactly("incoming/clip.mov");
    }

    @Test
    void aBrokerThatDoesNotAcknowledgeRecordsNothing_andTheNextPollRetries() throws IOException {
        write("a.mov", 10, 5_000);
        write("b.mov", 10, 5_000);
        AtomicLong failures = new AtomicLong(1);
        behaviour = r -> {
            if (failures.getAndDecrement() > 0) {
                throw new JobPublishException("x", "no acknowledgement", null);
            }
        };
        WatchScanner s = scanner();
        s.scan();
        advance(STABLE);
        s.scan(); // a.mov fails to publish; the pass stops before b.mov
        assertThat(calls).isEmpty();
        assertThat(s.status().lastError()).contains("did not acknowledge");
        assertThat(WatchLedger.open(ledgers, "dailies").entries()).isEmpty();
        s.scan();
        assertThat(calls).extracting(Call::file).containsExactly("incoming/a.mov", "incoming/b.mov");
        assertThat(s.status().lastError()).isNull();
    }

    @Test
    void aSidecarOverridesTheFolderRecipe_andMustSettleToo() throws IOException {
        write("A001/C003.mov", 10, 5_000);
        WatchScanner s = scanner();
        s.scan();
        advance(STABLE.minusMillis(100));
        Path sidecar = dir.resolve("A001/C003.darkroom.json");
        Files.writeString(
                sidecar,
                """
                {"priority": 90, "name": "C003 master",
                 "recipe": {"outputs": [{"name": "master", "preset": "ffv1-master"}], "segmentFrames": 100}}
                """);
        s.scan();
        advance(Duration.ofMillis(200));
        s.scan(); // the clip has settled, its sidecar has not
        assertThat(calls).isEmpty();
        assertThat(s.status().pendingFiles()).singleElement().satisfies(p -> assertThat(p.waitingFor())
                .contains("sidecar"));
        advance(STABLE);
        s.scan();
        assertThat(calls).singleElement().satisfies(c -> {
            assertThat(c.request().recipe().outputs())
                    .extracting(OutputSpec::name)
                    .containsExactly("master");
            assertThat(c.request().recipe().segmentFrames()).isEqualTo(100);
            assertThat(c.request().priority()).isEqualTo(90);
            assertThat(c.request().name()).isEqualTo("C003 master");
            assertThat(c.request().destination()).isEqualTo(new SourceRef("out", "dailies"));
        });
    }

    @Test
    void withoutAFolderRecipeAClipWaitsForItsSidecar_aBadSidecarIsRejectedUntilFixed() throws IOException {
        write("C004.mxf", 10, 5_000);
        WatchScanner s = scanner(null);
        settle(s);
        assertThat(calls).isEmpty();
        assertThat(s.status().pendingFiles()).singleElement().satisfies(p -> assertThat(p.waitingFor())
                .contains("C004.darkroom.json"));

        Path sidecar = dir.resolve("C004.darkroom.json");
        Files.writeString(sidecar, "{\"outputs\": [ oops");
        settle(s);
        settle(s);
        assertThat(calls).isEmpty();
        assertThat(s.status().lastRejections()).singleElement().satisfies(r -> assertThat(r.reason())
                .startsWith("BAD_SIDECAR C004.darkroom.json"));

        Files.writeString(sidecar, "{\"outputs\": [{\"name\": \"review\", \"preset\": \"h264-review\"}]}");
        Files.setLastModifiedTime(sidecar, FileTime.fromMillis(7_000));
        settle(s);
        assertThat(calls).singleElement().satisfies(c -> assertThat(
                        c.request().recipe().outputs())
                .extracting(OutputSpec::preset)
                .containsExactly("h264-review"));
    }

    @Test
    void theLedgerIsOneJsonFileWithNoTemporaryFilesLeft() throws IOException {
        write("a.mov", 10, 5_000);
        write("b.mov", 10, 5_000);
        settle(scanner());
        try (Stream<Path> files = Files.list(ledgers)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("dailies.ledger.json");
        }
        JsonNode doc =
                Json.mapper().readTree(ledgers.resolve("dailies.ledger.json").toFile());
        assertThat(doc.path("watch").asText()).isEqualTo("dailies");
        assertThat(doc.path("files").path("a.mov").path("status").asText()).isEqualTo("SUBMITTED");
        assertThat(doc.path("files").path("a.mov").path("jobId").asText())
                .isEqualTo(WatchKeys.jobId(Actor.service("watch-dailies"), "dailies", "a.mov", 10, 5_000));
    }

    @Test
    void aMissingFolderIsReportedAndPickedUpOnceItAppears() throws IOException {
        Files.delete(dir);
        WatchScanner s = scanner();
        s.scan();
        assertThat(s.status().present()).isFalse();
        assertThat(s.status().lastError()).contains("does not exist");
        Files.createDirectories(dir);
        write("a.mov", 10, 5_000);
        settle(s);
        assertThat(s.status().present()).isTrue();
        assertThat(calls).hasSize(1);
    }

    @Test
    void aNonRecursiveFolderIgnoresSubfolders() throws IOException {
        WatchFolder f = folder(RECIPE);
        WatchFolder flat = new WatchFolder(
                f.name(),
                f.folder(),
                f.recipe(),
                f.stableFor(),
                f.pollInterval(),
                "*.MOV",
                false,
                f.priority(),
                f.pool(),
                f.destination());
        WatchScanner s = new WatchScanner(
                flat,
                dir,
                WatchLedger.open(ledgers, "dailies"),
                (r, k) -> {
                    calls.add(new Call(r, k));
                    return "id";
                },
                nanos::get,
                Clock.systemUTC());
        write("sub/deep.mov", 10, 5_000);
        write("TOP.mov", 10, 5_000);
        write("other.mp4", 10, 5_000);
        settle(s);
        assertThat(calls).extracting(Call::file).containsExactly("incoming/TOP.mov");
    }
}
