package io.darkroom.local;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.OutputSpec;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.ops.Op;
import io.darkroom.media.Probe;
import io.darkroom.media.qc.OutputVerifier;
import io.darkroom.media.qc.QcExpectation;
import io.darkroom.media.qc.QcReport;
import io.darkroom.recipe.geometry.Fit;
import io.darkroom.recipe.geometry.OutputGeometry;
import io.darkroom.recipe.geometry.ReformatGeometry;
import io.darkroom.recipe.geometry.SourceGeometry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The client-side check of a finished job, independent of the QC process-service did: every clip has one file per
 * recipe output, named after the clip, and each file has the source's frame count, its duration within one frame,
 * the preset's codec, the size and pixel aspect the planner's {@link OutputGeometry} gives (square pixels at the
 * source's display aspect, VBI cropped and desqueezed, inside the box; an upscaled output fits {@code scale x} the
 * picture instead; a keepAnamorphic output its coded size and pixel aspect) and audio exactly where the source has
 * it. Used by {@code ./darkroom demo}, {@code submit --wait}
 * and the end-to-end tests.
 */
public final class OutputChecks {
    private final Map<String, Path> roots;
    private final Map<Path, MediaInfo> probed = new HashMap<>();

    /** @param roots storage roots of the stack (name to absolute folder), to find the sources */
    public OutputChecks(Map<String, Path> roots) {
        this.roots = Map.copyOf(roots);
    }

    /** One checked output: where it is and what was found. {@code problems} is empty when it passed. */
    public record Checked(
            String clip, String output, Path path, QcExpectation expected, QcReport report, List<String> problems) {
        public Checked {
            problems = List.copyOf(problems);
        }

        public boolean passed() {
            return problems.isEmpty();
        }
    }

    /** What all outputs of a job came to. */
    public record Result(List<Checked> outputs, List<String> problems) {
        public Result {
            outputs = List.copyOf(outputs);
            problems = List.copyOf(problems);
        }

        public boolean passed() {
            return problems.isEmpty();
        }
    }

    /**
     * Checks every output of a job against its recipe: as {@link #check(JobStatus, List)}, and an output whose ops
     * upscale ({@code upscale} or {@code lanczosUpscale}) must be {@code scale x} the picture, fitted into its box.
     */
    public Result check(JobStatus job, Recipe recipe) {
        return check(job, recipe.outputs(), recipe::effectiveOps, recipe);
    }

    /** Checks every output of a job; the job should be SUCCEEDED (the state itself is not checked here). */
    public Result check(JobStatus job, List<OutputSpec> recipeOutputs) {
        return check(job, recipeOutputs, spec -> spec.ops() == null ? List.of() : spec.ops(), null);
    }

    private Result check(
            JobStatus job, List<OutputSpec> recipeOutputs, Function<OutputSpec, List<Op>> opsOf, Recipe recipe) {
        List<Checked> checked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (job.clips().isEmpty()) {
            problems.add("job " + job.id() + " has no clips");
        }
        for (JobStatus.Clip clip : job.clips()) {
            for (OutputSpec spec : recipeOutputs) {
                Optional<JobStatus.Output> out = clip.outputs().stream()
                        .filter(o -> spec.name().equals(o.name()))
                        .findFirst();
                if (out.isEmpty() || out.get().path() == null) {
                    problems.add(clip.name() + ": no output " + spec.name() + " reported");
                    continue;
                }
                Checked c = checkOne(
                        clip, spec, opsOf.apply(spec), recipe, Path.of(out.get().path()));
                checked.add(c);
                c.problems().forEach(p -> problems.add(clip.name() + "/" + spec.name() + " (" + c.path() + "): " + p));
            }
        }
        return new Result(checked, problems);
    }

    /** Checks one output file of one clip against its source and recipe output (the output's own ops, if any). */
    public Checked checkOne(JobStatus.Clip clip, OutputSpec spec, Path file) {
        return checkOne(clip, spec, spec.ops() == null ? List.of() : spec.ops(), file);
    }

    /** Checks one output file of one clip against its source, recipe output and the ops it was rendered with. */
    public Checked checkOne(JobStatus.Clip clip, OutputSpec spec, List<Op> ops, Path file) {
        return checkOne(clip, spec, ops, null, file);
    }

    /**
     * Checks one output file against its source, recipe output, the ops it was rendered with and the recipe's picture
     * settings (VBI crop, desqueeze; null = defaults): size and pixel aspect as the planner's {@link OutputGeometry}.
     */
    public Checked checkOne(JobStatus.Clip clip, OutputSpec spec, List<Op> ops, Recipe recipe, Path file) {
        List<String> problems = new ArrayList<>();
        MediaInfo src = source(clip.source());
        Preset preset = Preset.byId(spec.preset())
                .orElseThrow(() -> new IllegalArgumentException("unknown preset " + spec.preset()));
        OutputSpec withOps = new OutputSpec(
                spec.name(),
                spec.preset(),
                spec.maxWidth(),
                spec.maxHeight(),
                spec.crf(),
                ops,
                spec.reference(),
                spec.keepAnamorphic());
        OutputGeometry.Output geo = OutputGeometry.of(src, null, withOps);
        if (recipe != null) {
            geo = OutputGeometry.of(
                    src,
                    Recipe.of(List.of(withOps))
                            .withOps(ops)
                            .withDesqueeze(recipe.desqueeze())
                            .withVbiCrop(recipe.vbiCrop()),
                    withOps);
        }
        Fit.Geometry size = new Fit.Geometry(geo.size().width(), geo.size().height());
        QcExpectation exp = QcExpectation.forOutput(src, preset, size.width(), size.height(), geo.sampleAspect());
        if (!file.isAbsolute()) {
            problems.add("path is not absolute: " + file);
        }
        if (!file.getFileName().toString().contains(clip.name())) {
            problems.add("file name does not contain the clip name " + clip.name());
        }
        if (!Files.isRegularFile(file)) {
            problems.add("file does not exist");
            return new Checked(clip.name(), spec.name(), file, exp, null, problems);
        }
        QcReport report = OutputVerifier.verify(file, exp);
        problems.addAll(report.problems());
        problems.addAll(geometryProblems(src, recipe, spec, geo.sampleAspect(), report));
        return new Checked(clip.name(), spec.name(), file, exp, report, problems);
    }

    /**
     * The size an output must have: the source's display size times the upscale factor, fitted into the output's
     * box by {@link Fit} (aspect ratio kept, never larger than the upscaled picture, even sides).
     */
    public static Fit.Geometry outputSize(MediaInfo src, OutputSpec spec, int scale) {
        if (scale <= 1) {
            return Fit.fit(src, spec.maxWidth(), spec.maxHeight());
        }
        MediaInfo upscaled = new MediaInfo(
                src.container(),
                src.videoCodec(),
                src.width() * scale,
                src.height() * scale,
                src.rotation(),
                src.displayWidth() * scale,
                src.displayHeight() * scale,
                src.pixelFormat(),
                src.fpsNum(),
                src.fpsDen(),
                src.variableFrameRate(),
                src.frameCount(),
                src.startUs(),
                src.durationUs(),
                src.audioStreams(),
                src.audioChannels(),
                src.audioCodec(),
                src.timecode(),
                src.sizeBytes(),
                src.colorRange(),
                src.colorSpace(),
                src.colorTransfer(),
                src.colorPrimaries(),
                src.fieldOrder(),
                src.sampleAspectRatio(),
                false,
                null,
                null,
                false);
        return Fit.fit(upscaled, spec.maxWidth(), spec.maxHeight());
    }

    /** What one output of a source must be: {@link QcExpectation#forOutput}, the same rules as process-service's QC. */
    public static QcExpectation expectation(MediaInfo src, OutputSpec spec, Preset preset, Fit.Geometry size) {
        return QcExpectation.forOutput(src, preset, size.width(), size.height());
    }

    /**
     * Checks the job's artifacts: every listed file exists and is not empty, an ALE names every clip that is DONE,
     * and, when {@code required}, the job has at least one ALE, one contact sheet and one poster per DONE clip.
     *
     * @return one line per problem; empty when they passed
     */
    public static List<String> checkArtifacts(JobStatus job, boolean required) {
        List<String> problems = new ArrayList<>();
        List<String> doneClips = job.clips().stream()
                .filter(c -> "DONE".equals(c.state()))
                .map(JobStatus.Clip::name)
                .toList();
        if (required) {
            if (job.artifactsOfKind("ale").isEmpty()) {
                problems.add("job " + job.id() + " lists no ALE artifact");
            }
            if (job.artifactsOfKind("contactSheet").isEmpty()) {
                problems.add("job " + job.id() + " lists no contact sheet artifact");
            }
            if (job.artifactsOfKind("poster").size() < doneClips.size()) {
                problems.add("job " + job.id() + " lists "
                        + job.artifactsOfKind("poster").size() + " posters for " + doneClips.size()
                        + " finished clips");
            }
        }
        for (JobStatus.Artifact a : job.artifacts()) {
            if (a.path() == null) {
                problems.add(a.kind() + ": no path");
                continue;
            }
            Path file = Path.of(a.path());
            try {
                if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                    problems.add(a.kind() + " " + file + ": missing or empty");
                    continue;
                }
                if ("ale".equals(a.kind())) {
                    String ale = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
                    doneClips.stream()
                            .filter(c -> !ale.contains(c))
                            .forEach(c -> problems.add("ale " + file + ": clip " + c + " is not listed"));
                }
            } catch (java.io.IOException e) {
                problems.add(a.kind() + " " + file + ": unreadable: " + e.getMessage());
            }
        }
        return problems;
    }

    /** Inside the box, and the source's display aspect ratio kept to within the rounding to even sides. */
    static List<String> geometryProblems(MediaInfo src, OutputSpec spec, QcReport report) {
        return geometryProblems(src, null, spec, null, report);
    }

    /**
     * As {@link #geometryProblems(MediaInfo, OutputSpec, QcReport)}: the source's display aspect after VBI crop and
     * desqueeze ({@link SourceGeometry}), the output's with the pixel aspect it carries ({@code N:D}, null = square).
     */
    static List<String> geometryProblems(
            MediaInfo src, Recipe recipe, OutputSpec spec, String outputSar, QcReport report) {
        List<String> problems = new ArrayList<>();
        int w = report.width();
        int h = report.height();
        if (w <= 0 || h <= 0) {
            return problems;
        }
        if ((spec.maxWidth() > 0 && w > spec.maxWidth()) || (spec.maxHeight() > 0 && h > spec.maxHeight())) {
            problems.add("size " + w + "x" + h + " is outside the box " + spec.maxWidth() + "x" + spec.maxHeight());
        }
        ReformatGeometry.Picture up = SourceGeometry.upright(src, recipe);
        double want = (double) up.width() * up.sarNum() / ((double) up.height() * up.sarDen());
        double got = (double) w / h;
        if (outputSar != null) {
            String[] p = outputSar.split(":");
            got = got * Double.parseDouble(p[0]) / Double.parseDouble(p[1]);
        }
        // each side is rounded to an even number: at most 1 px off, so the ratio is off by at most ~1/w + 1/h
        double tolerance = 1.0 / w + 1.0 / h + 1e-9;
        if (Math.abs(got / want - 1) > tolerance) {
            problems.add(String.format(
                    "aspect ratio %.4f, source displays at %.4f (%dx%d)",
                    got, want, src.displayWidth(), src.displayHeight()));
        }
        return problems;
    }

    /** Probes a source once per checker. */
    public MediaInfo source(SourceRef ref) {
        Path file = resolve(ref);
        return probed.computeIfAbsent(file, Probe::probe);
    }

    public Path resolve(SourceRef ref) {
        Path root = roots.get(ref.root());
        if (root == null) {
            throw new IllegalArgumentException(
                    "unknown storage root " + ref.root() + " (known: " + roots.keySet() + ")");
        }
        return root.resolve(ref.path()).normalize();
    }
}
