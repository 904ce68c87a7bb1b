package io.darkroom.process.domain;

import io.darkroom.contracts.ops.Op;
import io.darkroom.models.registry.ModelMetadata;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pure parts of an output's provenance: which AI model its ops ran, the tag written into the container, and the
 * attempt / delivery / worker a promoted task file names ({@code <prefix>.<output>.a<attempt>-d<delivery>-<worker>.<ext>}).
 */
public final class ProvenanceFacts {
    /** ONNX Runtime version the workers run upscale ops with (the models module's managed version). */
    public static final String ONNXRUNTIME_VERSION = "1.23.2";

    private static final Pattern ATTEMPT_FILE = Pattern.compile("\\.a(\\d+)-d(\\d+)-(.+)\\.[^.]+$");

    private ProvenanceFacts() {}

    /** The registry model name of the (at most one) {@code upscale} op in an output's effective ops, if any. */
    public static Optional<String> upscaleModel(List<Op> ops) {
        return upscaleOp(ops).map(Op.Upscale::model);
    }

    /** The (at most one) {@code upscale} op of an output's effective ops, if any. */
    public static Optional<Op.Upscale> upscaleOp(List<Op> ops) {
        if (ops == null) {
            return Optional.empty();
        }
        return ops.stream()
                .filter(Op.Upscale.class::isInstance)
                .map(Op.Upscale.class::cast)
                .findFirst();
    }

    /**
     * The hash of the model file an upscale op runs: the float16 variant's with precision fp16 (when the registry
     * records one), else the model's own.
     */
    public static String modelSha256(Op.Upscale op, ModelMetadata m) {
        if (op.precisionOrDefault() == Op.Upscale.Precision.FP16 && m.fp16() != null) {
            return m.fp16().sha256();
        }
        return m.sha256();
    }

    /**
     * The container {@code comment} of an AI-touched output, as render-core writes it into segments:
     * {@code darkroom-ai:<model>@<first 12 hex of the model's sha256>} (without {@code @...} when the hash is unknown).
     */
    public static String aiTag(String model, String sha256) {
        return sha256 == null || sha256.isEmpty()
                ? "darkroom-ai:" + model
                : "darkroom-ai:" + model + "@" + sha256.substring(0, Math.min(12, sha256.length()));
    }

    /** Attempt, delivery and worker named by a task file; empty when the name does not follow the agreement. */
    public static Optional<AttemptFile> attemptFile(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        Matcher m = ATTEMPT_FILE.matcher(name);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AttemptFile(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** What a task file's name says about the run that wrote it. */
    public record AttemptFile(int attempt, int delivery, String workerId) {}

    /** The version token of {@code ffmpeg -version}'s first line ("ffmpeg version 8.1.2 Copyright ..." → 8.1.2). */
    public static String ffmpegVersion(String versionOutput) {
        if (versionOutput == null || versionOutput.isBlank()) {
            return null;
        }
        String first = versionOutput.strip().lines().findFirst().orElse("").strip();
        Matcher m = Pattern.compile("^ffmpeg version (\\S+)").matcher(first);
        return m.find() ? m.group(1) : first;
    }
}
