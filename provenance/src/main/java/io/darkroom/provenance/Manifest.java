package io.darkroom.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.darkroom.contracts.Actor;
import io.darkroom.contracts.SourceRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What made one output file: its sources, recipe, software, model, segments and people. Signed by
 * {@link ManifestSigner}, checked by {@link ManifestVerifier}. Every hash is 64 lowercase hex digits of SHA-256.
 *
 * @param schemaVersion  {@link #SCHEMA_VERSION}; a verifier refuses versions it does not know
 * @param jobId          the job that made the output
 * @param clipName       the clip of the job the output belongs to
 * @param output         the output file (name without folder, sha256, size)
 * @param sources        every source file read to make the output
 * @param recipe         the normalised recipe, as JSON (signed in canonical form, see README)
 * @param software       versions of the software that ran
 * @param model          the AI model applied; null when no AI op touched the output
 * @param segments       the render segments the output was assembled from, by index
 * @param submittedBy    who submitted the job: {subject, name, issuer} of the authenticated submitter (schema 1
 *                       manifests carry a bare name, read as subject = name, issuer {@value Actor#UNRECORDED})
 * @param approvedBy     who approved it, as submittedBy; null when the recipe asked for no approval
 * @param approvalNote   the approver's note; null when none
 * @param approvedAt     when it was approved; null when the recipe asked for no approval
 * @param submittedAt    when the job was submitted
 * @param finishedAt     when the output was finished
 * @param aiTouched      true exactly when {@code model} is not null
 * @param warnings       what was wrong with the source and salvaged (issue 12: "source truncated after frame 33");
 *                       null or empty = nothing, and then not written (manifests from before the field, and
 *                       intact sources, keep the canonical form they had)
 */
public record Manifest(
        int schemaVersion,
        String jobId,
        String clipName,
        OutputFile output,
        List<Source> sources,
        JsonNode recipe,
        Software software,
        Model model,
        List<Segment> segments,
        Actor submittedBy,
        Actor approvedBy,
        String approvalNote,
        Instant approvedAt,
        Instant submittedAt,
        Instant finishedAt,
        boolean aiTouched,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {

    /** A manifest without warnings (the constructor before {@code warnings}). */
    public Manifest(
            int schemaVersion,
            String jobId,
            String clipName,
            OutputFile output,
            List<Source> sources,
            JsonNode recipe,
            Software software,
            Model model,
            List<Segment> segments,
            Actor submittedBy,
            Actor approvedBy,
            String approvalNote,
            Instant approvedAt,
            Instant submittedAt,
            Instant finishedAt,
            boolean aiTouched) {
        this(
                schemaVersion,
                jobId,
                clipName,
                output,
                sources,
                recipe,
                software,
                model,
                segments,
                submittedBy,
                approvedBy,
                approvalNote,
                approvedAt,
                submittedAt,
                finishedAt,
                aiTouched,
                null);
    }

    /** 2: submittedBy and approvedBy are identities ({subject, name, issuer}); 1: bare names (still verified). */
    public static final int SCHEMA_VERSION = 2;

    public Manifest {
        if (schemaVersion != SCHEMA_VERSION && schemaVersion != 1) {
            throw new IllegalArgumentException("unsupported manifest schemaVersion " + schemaVersion
                    + " (this build knows " + SCHEMA_VERSION + ")");
        }
        require(jobId, "jobId");
        require(clipName, "clipName");
        require(output, "output");
        require(recipe, "recipe");
        require(software, "software");
        require(submittedBy, "submittedBy");
        require(submittedAt, "submittedAt");
        require(finishedAt, "finishedAt");
        sources = List.copyOf(require(sources, "sources"));
        segments = List.copyOf(require(segments, "segments"));
        warnings = warnings == null ? null : List.copyOf(warnings);
        if (aiTouched != (model != null)) {
            throw new IllegalArgumentException(
                    aiTouched ? "aiTouched is true but no model is named" : "a model is named but aiTouched is false");
        }
    }

    /** The output file: its name (no folder), sha256 and size in bytes. */
    public record OutputFile(String name, String sha256, long size) {
        public OutputFile {
            requireFileName(name, "output.name");
            requireHash(sha256, "output.sha256");
            requireSize(size, "output.size");
        }

        /** Hashes and measures the file as it is now. */
        public static OutputFile of(Path file) {
            return new OutputFile(file.getFileName().toString(), Sha256.of(file), sizeOf(file));
        }
    }

    /**
     * A source file.
     *
     * @param ref      {@code root:path} as in {@link SourceRef#toString()}
     * @param fileName the file's name (last path element)
     */
    public record Source(String ref, String fileName, String sha256, long size) {
        public Source {
            require(ref, "source.ref");
            if (ref.indexOf(':') <= 0) {
                throw new IllegalArgumentException("source.ref must be root:path, got " + ref);
            }
            requireFileName(fileName, "source.fileName");
            requireHash(sha256, "source.sha256");
            requireSize(size, "source.size");
        }

        /** Hashes and measures {@code file}, the resolved location of {@code ref}. */
        public static Source of(SourceRef ref, Path file) {
            return of(ref, file, Sha256.of(file));
        }

        /** Measures {@code file}, whose content hash the caller read already ({@code sha256}, lowercase hex). */
        public static Source of(SourceRef ref, Path file, String sha256) {
            return new Source(ref.toString(), file.getFileName().toString(), sha256, sizeOf(file));
        }
    }

    /** Versions of the software that made the output, as the caller reports them; ffmpeg and onnxruntime may be null. */
    public record Software(String darkroom, String ffmpeg, String onnxruntime) {
        public Software {
            require(darkroom, "software.darkroom");
        }
    }

    /** The AI model applied: registry name, version and the sha256 of the ONNX file that ran. */
    public record Model(String name, String version, String sha256) {
        public Model {
            require(name, "model.name");
            require(version, "model.version");
            requireHash(sha256, "model.sha256");
        }
    }

    /**
     * One render segment (or audio task file) the output was assembled from.
     *
     * @param index    segment index in the plan
     * @param file     the segment file's name
     * @param workerId the worker that rendered it
     * @param attempt  the task attempt that produced the file used
     * @param delivery the share-group delivery count of that attempt
     * @param sha256   hash of the segment file
     * @param upscaledBy what ran the output's upscale op on that worker: an ONNX Runtime execution provider
     *                 ({@code CPUExecutionProvider}, {@code CUDAExecutionProvider}) or {@code java} (lanczos3); null
     *                 when the output has no upscale op or the worker did not say
     */
    public record Segment(
            int index, String file, String workerId, int attempt, int delivery, String sha256, String upscaledBy) {

        /** A segment without an upscale op. */
        public Segment(int index, String file, String workerId, int attempt, int delivery, String sha256) {
            this(index, file, workerId, attempt, delivery, sha256, null);
        }

        public Segment {
            if (index < 0) {
                throw new IllegalArgumentException("segment.index must be >= 0, got " + index);
            }
            require(file, "segment.file");
            require(workerId, "segment.workerId");
            requireHash(sha256, "segment.sha256");
        }
    }

    private static <T> T require(T value, String name) {
        return Objects.requireNonNull(value, () -> name + " is required");
    }

    private static void requireHash(String value, String name) {
        if (!Sha256.isHex(value)) {
            throw new IllegalArgumentException(name + " must be 64 lowercase hex digits, got " + value);
        }
    }

    private static void requireSize(long size, String name) {
        if (size < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + size);
        }
    }

    private static void requireFileName(String value, String name) {
        require(value, name);
        if (value.isEmpty() || value.contains("/") || value.contains("\\")) {
            throw new IllegalArgumentException(name + " must be a bare file name, got " + value);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read size of " + file, e);
        }
    }
}
