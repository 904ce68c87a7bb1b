package io.darkroom.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.ingest.testing.TestMedia;
import io.darkroom.media.RootMode;
import io.darkroom.media.StorageRoots;
import io.darkroom.recipe.Problem;
import io.darkroom.recipe.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root modes (issue 13): outputs only into writable roots, nothing of a job in an internal root (the site key, attempt
 * files), and duplicate sources judged by the file they really are.
 */
class RootModesTest {
    private static final String JOB = "root-modes-job";

    @TempDir
    Path work;

    @TempDir
    Path out;

    private final AtomicInteger probes = new AtomicInteger();
    private StorageRoots roots;
    private JobRequestValidator validator;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(work.resolve("provenance-key"));
        Files.writeString(work.resolve("provenance-key/site.cube"), "LUT_3D_SIZE 2\n");
        roots = new StorageRoots(Map.of("media", TestMedia.mediaRoot(), "work", work, "out", out));
        validator = new JobRequestValidator(roots, List.of("cpu"), f -> {
            probes.incrementAndGet();
            return JobRequestValidatorTest.FAKE_INFO;
        });
    }

    private Validation check(SourceRef destination, List<Op> ops, SourceRef... sources) {
        Recipe recipe = Recipe.of(List.of(OutputSpec.of("review", "h264-review", 1280, 720)))
                .withSegmentFrames(300)
                .withOps(ops);
        return validator.validate(
                new JobRequest("modes", 50, "cpu", null, List.of(sources), recipe, destination).withDefaults(JOB));
    }

    private Validation check(SourceRef destination, SourceRef... sources) {
        return check(destination, null, sources);
    }

    @Test
    void defaultModesAreWorkInternalOutWritableAndAnyOtherRootReadOnly() {
        assertThat(roots.mode("work")).isEqualTo(RootMode.INTERNAL);
        assertThat(roots.mode("out")).isEqualTo(RootMode.WRITABLE);
        assertThat(roots.mode("media")).isEqualTo(RootMode.READ_ONLY);
        assertThat(roots.readable()).containsExactly("media", "out");
        StorageRoots configured = StorageRoots.of(
                Map.of("media", "/m", "deliveries", "/d"), Map.of("deliveries", "writable", "media", "Read-Only"));
        assertThat(configured.names(RootMode.WRITABLE)).containsExactly("deliveries");
    }

    @Test
    void aBadModeOrAModeForAnUnknownRootIsAConfigurationErrorNamingTheKey() {
        assertThatThrownBy(() -> StorageRoots.of(Map.of("media", "/m"), Map.of("media", "public")))
                .hasMessageContaining("darkroom.storage.modes.media")
                .hasMessageContaining("'public'");
        assertThatThrownBy(() -> StorageRoots.of(Map.of("media", "/m"), Map.of("medai", "writable")))
                .hasMessageContaining("darkroom.storage.modes.medai")
                .hasMessageContaining("no storage root");
    }

    @Test
    void aDestinationInTheCameraOriginalsRootIsRefusedNamingTheWritableRoots() {
        Validation v = check(new SourceRef("media", "prores"), new SourceRef("media", TestMedia.GOPRO));
        assertThat(v.violations())
                .extracting(Violation::field, Violation::problem, Violation::allowed)
                .containsExactly(tuple("destination.root", Problem.ROOT_NOT_ALLOWED, List.of("out")));
        assertThat(v.violations().get(0).message()).contains("'media' is read-only", "writable root: out");
        assertThat(probes).as("refused before any probe").hasValue(0);
    }

    @Test
    void aDestinationBesideTheSiteKeyIsRefused() {
        Validation v = check(new SourceRef("work", "provenance-key"), new SourceRef("media", TestMedia.GOPRO));
        assertThat(v.violations())
                .extracting(Violation::field, Violation::problem)
                .containsExactly(tuple("destination.root", Problem.ROOT_NOT_ALLOWED));
        assertThat(v.violations().get(0).message()).contains("'work' is internal");
        assertThat(Files.exists(out.resolve("provenance-key"))).isFalse();
    }

    @Test
    void aSourceOrAFileReferenceInAnInternalRootIsRefusedWithoutSayingWhetherItExists() {
        Validation present = check(null, new SourceRef("work", "provenance-key/site.cube"));
        Validation absent = check(null, new SourceRef("work", "provenance-key/nothing.mov"));
        assertThat(present.violations())
                .extracting(Violation::field, Violation::problem, Violation::allowed)
                .containsExactly(tuple("sources[0].root", Problem.ROOT_NOT_ALLOWED, List.of("media", "out")));
        assertThat(absent.violations())
                .extracting(Violation::message)
                .as("the same answer for a file that exists and one that does not: no existence oracle")
                .isEqualTo(present.violations().stream().map(Violation::message).toList());

        Validation lut = check(
                null,
                List.of(new Op.Lut3d(new SourceRef("work", "provenance-key/site.cube"))),
                new SourceRef("media", TestMedia.GOPRO));
        assertThat(lut.violations())
                .extracting(Violation::field, Violation::problem)
                .containsExactly(tuple("recipe.ops[0].file", Problem.ROOT_NOT_ALLOWED));
        Validation model = check(
                null,
                List.of(new Op.Upscale("work:provenance-key/evil.onnx", 2, null, null, null, null)),
                new SourceRef("media", TestMedia.GOPRO));
        // recipes name registry models only: a file is refused whatever its root, before any root is read
        assertThat(model.violations())
                .extracting(Violation::field, Violation::problem)
                .contains(tuple("recipe.ops[0].model", Problem.INVALID_OP));
        assertThat(model.violations().get(0).message())
                .doesNotContain(TestMedia.mediaRoot().toString());
        assertThat(probes).hasValue(0);
    }

    @Test
    void aDefaultDestinationAndAWritableOneAreAccepted() {
        assertThat(check(null, new SourceRef("media", TestMedia.GOPRO)).violations())
                .isEmpty();
        assertThat(check(new SourceRef("out", "day01"), new SourceRef("media", TestMedia.GOPRO))
                        .violations())
                .isEmpty();
    }

    @Test
    void duplicateSourcesAreJudgedByTheFileTheyAre() throws IOException {
        String dir = Path.of(TestMedia.GOPRO).getParent().toString();
        String name = Path.of(TestMedia.GOPRO).getFileName().toString();
        Validation v = check(
                null,
                new SourceRef("media", TestMedia.GOPRO),
                new SourceRef("media", "./" + TestMedia.GOPRO),
                new SourceRef("media", dir + "//" + name));
        assertThat(v.violations())
                .extracting(Violation::field, Violation::problem)
                .containsExactly(tuple("sources[1]", Problem.DUPLICATE), tuple("sources[2]", Problem.DUPLICATE));
        assertThat(v.violations().get(0).message()).contains("same file as media:" + TestMedia.GOPRO);

        Files.createSymbolicLink(out.resolve("alias.mp4"), TestMedia.mediaRoot().resolve(TestMedia.GOPRO));
        Validation linked = check(null, new SourceRef("media", TestMedia.GOPRO), new SourceRef("out", "alias.mp4"));
        assertThat(linked.violations())
                .extracting(Violation::field, Violation::problem)
                .as("a link from out into media leaves its root: refused as such")
                .containsExactly(tuple("sources[1].path", Problem.ESCAPES_ROOT));
    }
}
