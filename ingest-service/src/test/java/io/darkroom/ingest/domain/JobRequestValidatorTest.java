package io.darkroom.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.ingest.testing.TestMedia;
import io.darkroom.media.Probe;
import io.darkroom.media.StorageRoots;
import io.darkroom.recipe.Problem;
import io.darkroom.recipe.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobRequestValidatorTest {
    private static final String JOB = "11111111-2222-3333-4444-555555555555";
    /** What the fake prober answers for every file. */
    static final MediaInfo FAKE_INFO = new MediaInfo(
            "mov,mp4", "h264", 1920, 1080, 0, 1920, 1080, "yuv420p", 30000, 1001, false, 100, 0, 3_336_666, 1, 2, "aac",
            null, 1000, null, null, null, null, null, null, false, null, null, false);

    @TempDir
    Path work;

    @TempDir
    Path out;

    private final AtomicInteger probes = new AtomicInteger();
    private JobRequestValidator validator;
    private JobRequestValidator probingValidator;

    @BeforeEach
    void setUp() {
        StorageRoots roots = new StorageRoots(Map.of("media", TestMedia.mediaRoot(), "scratch", work, "out", out));
        validator = new JobRequestValidator(roots, List.of("cpu", "gpu"), f -> {
            probes.incrementAndGet();
            return FAKE_INFO;
        });
        probingValidator = new JobRequestValidator(roots, List.of("cpu", "gpu"), Probe::probe);
    }

    // ---- request builders -------------------------------------------------------------------------------------

    private static OutputSpec output(String name, String preset, int w, int h, Integer crf) {
        return OutputSpec.of(name, preset, w, h).withCrf(crf);
    }

    private static OutputSpec review() {
        return output("review", "h264-review", 1280, 720, null);
    }

    private static JobRequest request(List<SourceRef> sources, Recipe recipe) {
        return new JobRequest("day01-dailies", 50, "cpu", "dit@set", sources, recipe, new SourceRef("out", "day01"));
    }

    private static JobRequest valid() {
        return request(
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(review())).withSegmentFrames(300));
    }

    private static JobRequest withSources(SourceRef... sources) {
        return request(List.of(sources), Recipe.of(List.of(review())).withSegmentFrames(300));
    }

    private static JobRequest withOutputs(OutputSpec... outputs) {
        return request(
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(outputs)).withSegmentFrames(300));
    }

    private Validation check(JobRequest r) {
        return validator.validate(r.withDefaults(JOB));
    }

    private static void assertSingle(Validation v, String field, Problem problem) {
        assertThat(v.ok()).as("rejected").isFalse();
        assertThat(v.violations())
                .extracting(Violation::field, Violation::problem)
                .containsExactly(tuple(field, problem));
        assertThat(v.violations().get(0).message()).isNotBlank();
    }

    // ---- valid requests and defaults ---------------------------------------------------------------------------

    @Test
    void validRequestIsProbedForReal() {
        Validation v = probingValidator.validate(
                withSources(new SourceRef("media", TestMedia.GOPRO), new SourceRef("media", TestMedia.PRORES))
                        .withDefaults(JOB));

        assertThat(v.violations()).isEmpty();
        assertThat(v.sources())
                .extracting(s -> s.clipName())
                .containsExactly("gopro_max_h264_tmcd_gpmf", "prores_proxy_64x64_24fps_100f");
        assertThat(v.sources().get(0).media().frameCount()).isEqualTo(315);
        assertThat(v.sources().get(0).media().timecode()).isEqualTo("15:44:35:10");
        assertThat(v.sources().get(1).source()).isEqualTo(new SourceRef("media", TestMedia.PRORES));
    }

    @Test
    void defaultsFillEveryOptionalField() {
        JobRequest bare = new JobRequest(
                null,
                null,
                null,
                " ",
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(review())),
                null);

        JobRequest filled = bare.withDefaults(JOB);

        assertThat(filled.priority()).isEqualTo(50);
        assertThat(filled.pool()).isEqualTo("cpu");
        assertThat(filled.submittedBy()).isEqualTo("anonymous");
        assertThat(filled.name()).isEqualTo(JOB);
        assertThat(filled.destination()).isEqualTo(new SourceRef("out", JOB));
        assertThat(validator.validate(filled).ok()).isTrue();
    }

    @Test
    void partialDestinationKeepsWhatWasGiven() {
        JobRequest r = new JobRequest(null, null, null, null, List.of(), null, new SourceRef("work", null));
        assertThat(r.withDefaults(JOB).destination()).isEqualTo(new SourceRef("work", JOB));
    }

    @Test
    void sourceAndOutputSizeZeroBothMeansSourceSize() {
        assertThat(check(withOutputs(output("master", "ffv1-master", 0, 0, null)))
                        .ok())
                .isTrue();
    }

    // ---- sources -----------------------------------------------------------------------------------------------

    @Test
    void missingSourcesAreRejected() {
        assertSingle(
                check(request(null, Recipe.of(List.of(review())).withSegmentFrames(300))), "sources", Problem.MISSING);
        assertSingle(
                check(request(List.of(), Recipe.of(List.of(review())).withSegmentFrames(300))),
                "sources",
                Problem.MISSING);
    }

    @Test
    void sourceWithoutRootOrPathIsMissing() {
        assertSingle(check(withSources(new SourceRef(null, TestMedia.GOPRO))), "sources[0].root", Problem.MISSING);
        assertSingle(check(withSources(new SourceRef("media", ""))), "sources[0].path", Problem.MISSING);
        List<SourceRef> withNull = new ArrayList<>();
        withNull.add(null);
        assertSingle(
                check(request(withNull, Recipe.of(List.of(review())).withSegmentFrames(300))),
                "sources[0]",
                Problem.MISSING);
    }

    @Test
    void unknownRootIsRejectedListingTheKnownOnes() {
        Validation v = check(withSources(new SourceRef("media", TestMedia.GOPRO), new SourceRef("nas", "a.mov")));
        assertSingle(v, "sources[1].root", Problem.UNKNOWN_ROOT);
        assertThat(v.violations().get(0).allowed()).containsExactly("media", "out", "scratch");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "timecode/../../../etc/passwd", "/etc/passwd", "..", "."})
    void pathsEscapingTheirRootAreRejected(String path) {
        assertSingle(
                check(withSources(new SourceRef("media", TestMedia.GOPRO), new SourceRef("media", path))),
                "sources[1].path",
                Problem.ESCAPES_ROOT);
    }

    @Test
    void symlinkPointingOutOfTheRootIsRejected() throws IOException {
        Files.createSymbolicLink(work.resolve("passwd.mp4"), Path.of("/etc/passwd"));
        Files.createDirectories(work.resolve("linked"));
        Files.createSymbolicLink(work.resolve("linked/etc"), Path.of("/etc"));

        assertSingle(
                check(withSources(new SourceRef("scratch", "passwd.mp4"))), "sources[0].path", Problem.ESCAPES_ROOT);
        assertSingle(
                check(withSources(new SourceRef("scratch", "linked/etc/passwd"))),
                "sources[0].path",
                Problem.ESCAPES_ROOT);
    }

    @Test
    void symlinksAreJudgedByWhereTheyLead() throws IOException {
        Files.createSymbolicLink(work.resolve("clip.mp4"), TestMedia.mediaRoot().resolve(TestMedia.GOPRO));
        StorageRoots roots = new StorageRoots(Map.of("media", TestMedia.mediaRoot(), "scratch", work, "out", out));
        // a link from scratch into media leaves the scratch root: refused, even though the target is media
        assertSingle(
                new JobRequestValidator(roots, List.of("cpu"), f -> FAKE_INFO)
                        .validate(withSources(new SourceRef("scratch", "clip.mp4"))
                                .withDefaults(JOB)),
                "sources[0].path",
                Problem.ESCAPES_ROOT);
        Files.copy(TestMedia.mediaRoot().resolve(TestMedia.PRORES), work.resolve("real.mov"));
        Files.createSymbolicLink(work.resolve("alias.mov"), work.resolve("real.mov"));
        assertThat(check(withSources(new SourceRef("scratch", "alias.mov"))).ok())
                .isTrue();
    }

    @Test
    void missingFileIsNotFoundAndFolderIsNotAFile() {
        assertSingle(
                check(withSources(new SourceRef("media", "timecode/nope.mp4"))), "sources[0].path", Problem.NOT_FOUND);
        assertSingle(check(withSources(new SourceRef("media", "timecode"))), "sources[0].path", Problem.NOT_A_FILE);
    }

    @Test
    void duplicateSourceIsRejected() {
        assertSingle(
                check(withSources(new SourceRef("media", TestMedia.GOPRO), new SourceRef("media", TestMedia.GOPRO))),
                "sources[1]",
                Problem.DUPLICATE);
    }

    @Test
    void moreThanAThousandSourcesAreTooMany() {
        List<SourceRef> many = Collections.nCopies(1001, new SourceRef("media", TestMedia.GOPRO));
        assertSingle(
                check(request(many, Recipe.of(List.of(review())).withSegmentFrames(300))), "sources", Problem.TOO_MANY);
        assertThat(probes).hasValue(0);
    }

    @Test
    void textFileIsNotMedia() throws IOException {
        Files.writeString(work.resolve("notes.mp4"), "these are not the frames you are looking for\n");
        Validation v = probingValidator.validate(
                withSources(new SourceRef("scratch", "notes.mp4")).withDefaults(JOB));
        assertSingle(v, "sources[0].path", Problem.NOT_MEDIA);
    }

    @Test
    void audioOnlyFileHasNoVideo() throws IOException {
        TestMedia.writeWav(work.resolve("sound/tone.wav"));
        Validation v = probingValidator.validate(
                withSources(new SourceRef("scratch", "sound/tone.wav")).withDefaults(JOB));
        assertSingle(v, "sources[0].path", Problem.NO_VIDEO);
    }

    @Test
    void sourcesAreNotProbedWhileAnotherRuleIsBroken() {
        Validation v = check(request(
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(output("review", "betacam-sp", 1280, 720, null)))
                        .withSegmentFrames(300)));
        assertSingle(v, "recipe.outputs[0].preset", Problem.UNKNOWN_PRESET);
        assertThat(probes).hasValue(0);
    }

    @Test
    void everyProblemIsReported() {
        JobRequest r = new JobRequest(
                "x",
                101,
                "tpu",
                null,
                List.of(new SourceRef("media", "../x"), new SourceRef("nas", "a.mov")),
                Recipe.of(List.of(output("Review", "h264-review", 10, 720, 60))).withSegmentFrames(0),
                new SourceRef("out", "../up"));
        assertThat(check(r).violations())
                .extracting(Violation::field, Violation::problem)
                .containsExactlyInAnyOrder(
                        tuple("priority", Problem.OUT_OF_RANGE),
                        tuple("pool", Problem.UNKNOWN_POOL),
                        tuple("recipe.segmentFrames", Problem.OUT_OF_RANGE),
                        tuple("recipe.outputs[0].name", Problem.INVALID_NAME),
                        tuple("recipe.outputs[0].maxWidth", Problem.OUT_OF_RANGE),
                        tuple("recipe.outputs[0].crf", Problem.OUT_OF_RANGE),
                        tuple("destination.path", Problem.ESCAPES_ROOT),
                        tuple("sources[0].path", Problem.ESCAPES_ROOT),
                        tuple("sources[1].root", Problem.UNKNOWN_ROOT));
    }

    // ---- recipe ------------------------------------------------------------------------------------------------

    @Test
    void missingRecipeOrEmptyOutputsAreRejected() {
        assertSingle(check(request(List.of(new SourceRef("media", TestMedia.GOPRO)), null)), "recipe", Problem.MISSING);
        assertSingle(
                check(request(
                        List.of(new SourceRef("media", TestMedia.GOPRO)),
                        Recipe.of(List.of()).withSegmentFrames(300))),
                "recipe.outputs",
                Problem.MISSING);
        assertSingle(
                check(request(
                        List.of(new SourceRef("media", TestMedia.GOPRO)),
                        Recipe.of(null).withSegmentFrames(300))),
                "recipe.outputs",
                Problem.MISSING);
    }

    @Test
    void unknownPresetListsTheKnownOnes() {
        Validation v = check(withOutputs(output("review", "h265-review", 1280, 720, null)));
        assertSingle(v, "recipe.outputs[0].preset", Problem.UNKNOWN_PRESET);
        assertThat(v.violations().get(0).allowed()).isEqualTo(Preset.ids());
        assertThat(v.violations().get(0).message()).contains("h264-review", "ffv1-master");
        assertSingle(
                check(withOutputs(output("review", null, 1280, 720, null))),
                "recipe.outputs[0].preset",
                Problem.MISSING);
    }

    @ParameterizedTest
    @CsvSource({
        "1,720,maxWidth",
        "15,720,maxWidth",
        "8193,720,maxWidth",
        "-1,720,maxWidth",
        "1280,15,maxHeight",
        "1280,9000,maxHeight",
        "1280,-720,maxHeight",
        "0,720,maxWidth",
        "1280,0,maxHeight"
    })
    void absurdSizesAreOutOfRange(int w, int h, String side) {
        assertSingle(
                check(withOutputs(output("review", "h264-review", w, h, null))),
                "recipe.outputs[0]." + side,
                Problem.OUT_OF_RANGE);
    }

    @ParameterizedTest
    @CsvSource({"16,16", "8192,8192", "0,0", "1920,1080"})
    void sensibleSizesPass(int w, int h) {
        assertThat(check(withOutputs(output("review", "h264-review", w, h, null)))
                        .violations())
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101, Integer.MIN_VALUE})
    void priorityOutsideZeroToHundredIsRejected(int priority) {
        JobRequest r = new JobRequest(
                null,
                priority,
                null,
                null,
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(review())),
                null);
        assertSingle(check(r), "priority", Problem.OUT_OF_RANGE);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100})
    void priorityBoundsPass(int priority) {
        JobRequest r = new JobRequest(
                null,
                priority,
                null,
                null,
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(review())),
                null);
        assertThat(check(r).ok()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5, 100_001})
    void segmentFramesOutOfRange(int frames) {
        assertSingle(
                check(request(
                        List.of(new SourceRef("media", TestMedia.GOPRO)),
                        Recipe.of(List.of(review())).withSegmentFrames(frames))),
                "recipe.segmentFrames",
                Problem.OUT_OF_RANGE);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100_000})
    void segmentFramesBoundsPass(int frames) {
        assertThat(check(request(
                                List.of(new SourceRef("media", TestMedia.GOPRO)),
                                Recipe.of(List.of(review())).withSegmentFrames(frames)))
                        .ok())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 52, 100})
    void crfOutsideZeroToFiftyOne(int crf) {
        assertSingle(
                check(withOutputs(output("review", "h264-review", 1280, 720, crf))),
                "recipe.outputs[0].crf",
                Problem.OUT_OF_RANGE);
    }

    @Test
    void crfBoundsPassAndCrfOnLosslessPresetIsNotApplicable() {
        assertThat(check(withOutputs(output("a", "h264-review", 1280, 720, 0))).ok())
                .isTrue();
        assertThat(check(withOutputs(output("a", "h264-review", 1280, 720, 51))).ok())
                .isTrue();
        assertSingle(
                check(withOutputs(output("master", "ffv1-master", 0, 0, 18))),
                "recipe.outputs[0].crf",
                Problem.NOT_APPLICABLE);
    }

    @Test
    void duplicateOutputNamesAreRejected() {
        assertSingle(
                check(withOutputs(review(), output("review", "ffv1-master", 0, 0, null))),
                "recipe.outputs[1].name",
                Problem.DUPLICATE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"Review", "-review", "_x", "re view", "review.mp4", "rëview", "abcdefghijklmnopqrstuvwxyz0123456"
            })
    void outputNamesMustMatchThePattern(String name) {
        assertSingle(
                check(withOutputs(output(name, "h264-review", 1280, 720, null))),
                "recipe.outputs[0].name",
                Problem.INVALID_NAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"review", "a", "0", "editorial_dnx-hr", "abcdefghijklmnopqrstuvwxyz012345"})
    void goodOutputNamesPass(String name) {
        assertThat(check(withOutputs(output(name, "h264-review", 1280, 720, null)))
                        .ok())
                .isTrue();
    }

    @Test
    void missingOutputNameIsMissing() {
        assertSingle(
                check(withOutputs(output(null, "h264-review", 1280, 720, null))),
                "recipe.outputs[0].name",
                Problem.MISSING);
    }

    @Test
    void moreThanSixteenOutputsAreTooMany() {
        OutputSpec[] outputs = new OutputSpec[17];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = output("o" + i, "h264-review", 1280, 720, null);
        }
        assertSingle(check(withOutputs(outputs)), "recipe.outputs", Problem.TOO_MANY);
    }

    // ---- job fields --------------------------------------------------------------------------------------------

    @Test
    void unknownPoolIsRejectedListingThePools() {
        JobRequest r = new JobRequest(
                null,
                null,
                "tpu",
                null,
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(review())),
                null);
        Validation v = check(r);
        assertSingle(v, "pool", Problem.UNKNOWN_POOL);
        assertThat(v.violations().get(0).allowed()).containsExactly("cpu", "gpu");
    }

    @Test
    void overlongOrControlCharacterTextIsRejected() {
        JobRequest longName = new JobRequest(
                "n".repeat(201),
                null,
                null,
                null,
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(review())),
                null);
        assertSingle(check(longName), "name", Problem.TOO_LONG);
        JobRequest ctl = new JobRequest(
                null,
                null,
                null,
                "dit\n@set",
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(review())),
                null);
        assertSingle(check(ctl), "submittedBy", Problem.INVALID_NAME);
    }

    // ---- destination -------------------------------------------------------------------------------------------

    @Test
    void destinationWithUnknownRootIsRejected() {
        JobRequest r = new JobRequest(
                null,
                null,
                null,
                null,
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(review())),
                new SourceRef("s3", "day01"));
        assertSingle(check(r), "destination.root", Problem.UNKNOWN_ROOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../day01", "/tmp/day01", "a/../../b", "."})
    void destinationEscapingItsRootIsRejected(String path) {
        JobRequest r = new JobRequest(
                null,
                null,
                null,
                null,
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(review())),
                new SourceRef("out", path));
        assertSingle(check(r), "destination.path", Problem.ESCAPES_ROOT);
    }

    @Test
    void destinationThroughASymlinkOutOfTheRootIsRejected() throws IOException {
        Files.createSymbolicLink(out.resolve("elsewhere"), work);
        JobRequest r = new JobRequest(
                null,
                null,
                null,
                null,
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(review())),
                new SourceRef("out", "elsewhere/day01/final"));
        assertSingle(check(r), "destination.path", Problem.ESCAPES_ROOT);
    }

    @Test
    void destinationThatDoesNotExistYetPasses() {
        JobRequest r = new JobRequest(
                null,
                null,
                null,
                null,
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(review())),
                new SourceRef("out", "2026/day01"));
        assertThat(check(r).ok()).isTrue();
    }

    // ---- job ids -----------------------------------------------------------------------------------------------

    @Test
    void idempotencyKeyGivesAStableNameBasedIdScopedToTheCaller() {
        io.darkroom.contracts.Actor dit = new io.darkroom.contracts.Actor("dit", "DIT", "darkroom");
        assertThat(JobIds.forIdempotencyKey(dit, "day01"))
                .isEqualTo(JobIds.forIdempotencyKey(dit, "day01"))
                .isEqualTo(java.util
                        .UUID
                        .nameUUIDFromBytes(
                                "darkroom:darkroom\ndit\nday01".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .toString())
                .isNotEqualTo(JobIds.forIdempotencyKey(dit, "day02"))
                .isNotEqualTo(JobIds.forIdempotencyKey(
                        new io.darkroom.contracts.Actor("mallory", "DIT", "darkroom"), "day01"))
                .isNotEqualTo(JobIds.forIdempotencyKey(
                        new io.darkroom.contracts.Actor("dit", "DIT", "https://idp.example/realms/x"), "day01"));
        assertThat(JobIds.random()).isNotEqualTo(JobIds.random());
    }

    @Test
    void clipNameDropsTheExtensionOnly() {
        assertThat(JobRequestValidator.clipName(Path.of("a/A001C003_220101.R3D.mov")))
                .isEqualTo("A001C003_220101.R3D");
        assertThat(JobRequestValidator.clipName(Path.of("a/.hidden"))).isEqualTo(".hidden");
        assertThat(JobRequestValidator.clipName(Path.of("a/noext"))).isEqualTo("noext");
    }

    // ---- recipe ops ---------------------------------------------------------------------------------------------

    private static final String LOGC = "luts/colour-science_LogC_Video_1Dshaper+3D.cube";

    private static JobRequest withOps(List<io.darkroom.contracts.ops.Op> ops, String show) {
        return request(
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(review())).withSegmentFrames(300).withOps(ops).withShow(show));
    }

    @Test
    void dailiesOpsAreAccepted() {
        Validation v = check(withOps(
                List.of(
                        new io.darkroom.contracts.ops.Op.Lut3d(new SourceRef("media", LOGC)),
                        io.darkroom.contracts.ops.Op.Cdl.of(new double[] {1.1, 1, 0.9}, null, null, 0.9),
                        new io.darkroom.contracts.ops.Op.BurnIn(
                                "{tc}", io.darkroom.contracts.ops.Op.Position.BOTTOM_LEFT, null, null, null),
                        new io.darkroom.contracts.ops.Op.Watermark("FOR REVIEW ONLY – {show}", 0.3, null, null)),
                "Nightfall (S01)"));
        assertThat(v.violations()).isEmpty();
        assertThat(v.ok()).isTrue();
    }

    @Test
    void lutPathEscapingItsRootIsRejected() {
        assertSingle(
                check(withOps(
                        List.of(new io.darkroom.contracts.ops.Op.Lut3d(
                                new SourceRef("media", "../../etc/passwd.cube"))),
                        null)),
                "recipe.ops[0].file",
                Problem.ESCAPES_ROOT);
        assertSingle(
                check(withOps(List.of(new io.darkroom.contracts.ops.Op.Lut3d(new SourceRef("nope", "a.cube"))), null)),
                "recipe.ops[0].file",
                Problem.UNKNOWN_ROOT);
        assertSingle(
                check(withOps(
                        List.of(new io.darkroom.contracts.ops.Op.Lut3d(new SourceRef("media", "luts/missing.cube"))),
                        null)),
                "recipe.ops[0].file",
                Problem.NOT_FOUND);
    }

    @Test
    void malformedCubeIsRejectedWithItsLine() throws IOException {
        Files.writeString(work.resolve("broken.cube"), "TITLE \"x\"\nLUT_3D_SIZE 2\n0 0 0\n1 1 banana\n");
        Validation v = check(withOps(
                List.of(
                        new io.darkroom.contracts.ops.Op.BurnIn("{clip}", null, null, null, null),
                        new io.darkroom.contracts.ops.Op.Lut3d(new SourceRef("scratch", "broken.cube"))),
                null));
        assertSingle(v, "recipe.ops[1].file", Problem.BAD_LUT);
        assertThat(v.violations().get(0).message()).contains("broken.cube line");
    }

    @Test
    void cdlWithBothInlineValuesAndFileIsAConflict() {
        assertSingle(
                check(withOps(
                        List.of(new io.darkroom.contracts.ops.Op.Cdl(
                                List.of(1.0, 1.0, 1.0),
                                null,
                                null,
                                null,
                                new SourceRef("media", "grades/a.cdl"),
                                null)),
                        null)),
                "recipe.ops[0]",
                Problem.CONFLICT);
    }

    /**
     * A watermark image FFmpeg cannot read is BAD_IMAGE, as ingest-service/README.md promises. It came out as
     * INVALID_OP while the ops' problems were bridged into ingest's own vocabulary by name.
     */
    @Test
    void unreadableWatermarkImageIsBadImage() throws IOException {
        Files.writeString(work.resolve("logo.png"), "not a png at all");
        Validation v = check(withOps(
                List.of(new io.darkroom.contracts.ops.Op.WatermarkImage(
                        new SourceRef("scratch", "logo.png"), 0.5, null, 10.0)),
                null));
        assertSingle(v, "recipe.ops[0].file", Problem.BAD_IMAGE);
        assertThat(v.violations().get(0).message()).contains("logo.png");
    }

    /**
     * The presets' size limits hold at each output's final size. A dnxhr-lb output fitted into 200x112 passed ingest
     * and planning, then failed at the worker (UNSUPPORTED: DNxHR needs at least 256x120).
     */
    @Test
    void presetLimitsAreCheckedAtTheFinalSize() {
        Validation fitted = probingValidator.validate(withOutputs(review(), output("tiny", "dnxhr-lb", 200, 112, null))
                .withDefaults(JOB));
        assertSingle(fitted, "recipe.outputs[1]", Problem.PRESET_LIMIT);
        assertThat(fitted.violations().get(0).message()).contains("'tiny'", "sources[0]", "198x112", "256x120");

        OutputSpec reformatted = OutputSpec.of("small", "dnxhr-sq", 1920, 1080)
                .withOps(List.of(new io.darkroom.contracts.ops.Op.Reformat(
                        io.darkroom.contracts.ops.Op.Reformat.Mode.FILL, 240, 136)));
        assertSingle(check(withOutputs(reformatted)), "recipe.outputs[0]", Problem.PRESET_LIMIT);

        assertThat(probingValidator
                        .validate(withOutputs(output("edit", "dnxhr-lb", 1280, 720, null))
                                .withDefaults(JOB))
                        .violations())
                .isEmpty();
    }

    @Test
    void structuralOpProblemsNameTheOutputField() {
        List<io.darkroom.contracts.ops.Op> ops = List.of(
                new io.darkroom.contracts.ops.Op.BurnIn("x", null, null, null, 2.0),
                new io.darkroom.contracts.ops.Op.Deinterlace(null));
        Validation v = check(request(
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(OutputSpec.of("review", "h264-review", 1280, 720)
                                .withOps(ops)))
                        .withSegmentFrames(300)));
        assertThat(v.violations())
                .extracting(Violation::field, Violation::problem)
                .containsExactly(
                        tuple("recipe.outputs[0].ops[0].opacity", Problem.OUT_OF_RANGE),
                        tuple("recipe.outputs[0].ops[1]", Problem.INVALID_OP));
    }

    @Test
    void showIsBoundedAndPlain() {
        assertSingle(check(withOps(null, "x".repeat(101))), "recipe.show", Problem.TOO_LONG);
        assertSingle(check(withOps(null, "bad\u0007show")), "recipe.show", Problem.INVALID_NAME);
        assertSingle(check(withOps(null, "{tc}")), "recipe.show", Problem.INVALID_NAME);
    }

    private static JobRequest gated(String approval, Integer previewFrames, List<io.darkroom.contracts.ops.Op> ops) {
        return request(
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(review()))
                        .withSegmentFrames(300)
                        .withOps(ops)
                        .withApproval(approval)
                        .withPreviewFrames(previewFrames));
    }

    @Test
    void anApprovalGateNeedsOneUpscaleModelAndSanePreviewFrames() {
        var slim = io.darkroom.contracts.ops.Op.Upscale.of("esrgan-slim-x2", 2);
        assertThat(check(gated("required", 3, List.of(slim))).violations()).isEmpty();
        assertThat(check(gated("none", null, List.of())).violations()).isEmpty();
        assertSingle(check(gated("maybe", null, List.of(slim))), "recipe.approval", Problem.UNKNOWN_VALUE);
        assertSingle(check(gated("required", null, List.of())), "recipe.approval", Problem.NOT_APPLICABLE);
        assertThat(check(gated("required", null, List.of())).violations().get(0).message())
                .contains("needs an upscale op");
        assertSingle(check(gated("required", 13, List.of(slim))), "recipe.previewFrames", Problem.OUT_OF_RANGE);
        assertSingle(check(gated(null, 3, List.of(slim))), "recipe.previewFrames", Problem.NOT_APPLICABLE);
        // a file in place of a registry model: refused by the op's own rule (registry models only) and the gate's
        assertThat(check(gated(
                                "required",
                                null,
                                List.of(io.darkroom.contracts.ops.Op.Upscale.of("media:models/team.onnx", 2))))
                        .violations())
                .extracting(Violation::field, Violation::problem)
                .containsExactlyInAnyOrder(
                        tuple("recipe.ops[0].model", Problem.INVALID_OP),
                        tuple("recipe.approval", Problem.NOT_APPLICABLE));
        JobRequest two = request(
                List.of(new SourceRef("media", TestMedia.GOPRO)),
                Recipe.of(List.of(
                                review(),
                                OutputSpec.of("medium", "h264-review", 1280, 720)
                                        .withOps(List.of(
                                                io.darkroom.contracts.ops.Op.Upscale.of("esrgan-medium-x2", 2)))))
                        .withSegmentFrames(300)
                        .withOps(List.of(slim))
                        .withApproval("required"));
        assertSingle(check(two), "recipe.approval", Problem.CONFLICT);
    }

    @Test
    void unknownOpIsNamedByTheJsonMapping() {
        // an unknown "op" never reaches the validator: Jackson refuses it, the REST layer answers 422 UNKNOWN_OP
        // (ErrorMappersTest); here: the failure names the op so the mapper can report it
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> io.darkroom.contracts.Json.mapper()
                        .readValue("{\"outputs\":[],\"ops\":[{\"op\":\"sharpen\"}]}", Recipe.class),
                com.fasterxml.jackson.databind.exc.InvalidTypeIdException.class);
        assertThat(e.getTypeId()).isEqualTo("sharpen");
        assertThat(e.getBaseType().getRawClass()).isEqualTo(io.darkroom.contracts.ops.Op.class);
    }

    // ---- picture settings (issue 12: anamorphic) ---------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(doubles = {0, -1.5, 0.9, 8})
    void aDesqueezeOutsideOneToFourIsRefusedAtItsField(double desqueeze) {
        Recipe recipe = Recipe.of(List.of(review())).withSegmentFrames(300).withDesqueeze(desqueeze);
        Validation v = check(request(List.of(new SourceRef("media", TestMedia.GOPRO)), recipe));
        assertSingle(v, "recipe.desqueeze", Problem.OUT_OF_RANGE);
        assertThat(Problem.OUT_OF_RANGE.status()).isEqualTo(422);
        assertThat(probes).as("refused before any probe").hasValue(0);
    }

    @Test
    void anUnknownVbiCropAndAKeptAnamorphicReformatAreRefused() {
        Recipe vbi = Recipe.of(List.of(review())).withSegmentFrames(300).withVbiCrop("lines");
        assertSingle(
                check(request(List.of(new SourceRef("media", TestMedia.GOPRO)), vbi)),
                "recipe.vbiCrop",
                Problem.UNKNOWN_VALUE);
        OutputSpec kept = new OutputSpec(
                "sd",
                "prores-proxy",
                0,
                0,
                null,
                List.of(new io.darkroom.contracts.ops.Op.Reformat(
                        io.darkroom.contracts.ops.Op.Reformat.Mode.FIT, 1280, 720)),
                null,
                true);
        assertSingle(check(withOutputs(kept)), "recipe.outputs[0].keepAnamorphic", Problem.NOT_APPLICABLE);
        Recipe fine = Recipe.of(List.of(review()))
                .withSegmentFrames(300)
                .withDesqueeze(2.0)
                .withVbiCrop("none");
        assertThat(check(request(List.of(new SourceRef("media", TestMedia.GOPRO)), fine))
                        .ok())
                .isTrue();
    }

    // ---- damaged sources (issue 12) ------------------------------------------------------------------------------

    @Test
    void anUnknownDamagedSourcePolicyIsRefusedAtItsFieldWith422() {
        Recipe repair = new Recipe(List.of(review()), 300, null, null, null, null, null, null, null, "repair");
        Validation v = check(request(List.of(new SourceRef("media", TestMedia.GOPRO)), repair));
        assertSingle(v, "recipe.damagedSource", Problem.UNKNOWN_VALUE);
        assertThat(Problem.UNKNOWN_VALUE.status()).isEqualTo(422);
        for (String policy : List.of(Recipe.DAMAGED_SALVAGE, Recipe.DAMAGED_FAIL)) {
            Recipe ok = new Recipe(List.of(review()), 300, null, null, null, null, null, null, null, policy);
            assertThat(check(request(List.of(new SourceRef("media", TestMedia.GOPRO)), ok))
                            .ok())
                    .as(policy)
                    .isTrue();
        }
    }
}
