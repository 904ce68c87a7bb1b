package io.darkroom.worker.service;

import io.darkroom.contracts.WorkerHeartbeat.Capabilities;
import io.darkroom.contracts.WorkerHeartbeat.Gpu;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avcodec;
import org.jboss.logging.Logger;

/**
 * What this worker can do, found once: encoders through FFmpeg's encoder registry (JavaCV natives), processors, and
 * GPUs through {@code nvidia-smi --query-gpu=name,memory.total --format=csv,noheader} when that binary is on the PATH
 * (none otherwise; a failing or hanging nvidia-smi only means "no GPU reported", never an error).
 */
@ApplicationScoped
public class CapabilitiesProbe {
    private static final Logger LOG = Logger.getLogger(CapabilitiesProbe.class);
    /** The encoders the presets need (see io.darkroom.contracts.Preset). */
    static final List<String> WANTED = List.of("libx264", "ffv1", "aac", "pcm_s16le");

    static final List<String> NVIDIA_SMI_ARGS = List.of("--query-gpu=name,memory.total", "--format=csv,noheader");
    private static final long NVIDIA_SMI_TIMEOUT_S = 10;

    private volatile Capabilities capabilities;

    public Capabilities capabilities() {
        Capabilities c = capabilities;
        if (c == null) {
            List<Gpu> gpus = gpus(System.getenv("PATH"));
            c = new Capabilities(
                    encoders(),
                    gpuLine(gpus),
                    Runtime.getRuntime().availableProcessors(),
                    gpus.isEmpty() ? null : gpus);
            capabilities = c;
        }
        return c;
    }

    /** One line for the legacy {@code gpu} field: "model, N MiB" per card, joined by "; "; null without GPUs. */
    static String gpuLine(List<Gpu> gpus) {
        if (gpus.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Gpu g : gpus) {
            parts.add(g.memoryMiB() == null ? g.model() : g.model() + ", " + g.memoryMiB() + " MiB");
        }
        return String.join("; ", parts);
    }

    /**
     * Parses nvidia-smi's {@code name,memory.total} CSV without header, e.g. "NVIDIA H100 80GB HBM3, 81559 MiB" per
     * line. A memory that cannot be read becomes null; blank lines are skipped.
     */
    static List<Gpu> parseNvidiaSmi(String csv) {
        List<Gpu> gpus = new ArrayList<>();
        if (csv == null) {
            return gpus;
        }
        for (String line : csv.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int comma = line.lastIndexOf(',');
            String model = (comma < 0 ? line : line.substring(0, comma)).trim();
            Long memory = null;
            if (comma >= 0) {
                String mem = line.substring(comma + 1).trim().replaceFirst("(?i)\\s*MiB$", "");
                try {
                    memory = Long.parseLong(mem);
                } catch (NumberFormatException e) {
                    memory = null;
                }
            }
            if (!model.isEmpty()) {
                gpus.add(new Gpu(model, memory));
            }
        }
        return gpus;
    }

    /** The first executable {@code name} on the PATH. */
    static Optional<Path> onPath(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The GPUs the first nvidia-smi on {@code path} lists; none when there is none or it fails. */
    static List<Gpu> gpus(String path) {
        Optional<Path> smi = onPath("nvidia-smi", path);
        if (smi.isEmpty()) {
            LOG.info("no nvidia-smi on the PATH: no GPU reported");
            return List.of();
        }
        try {
            List<String> command = new ArrayList<>();
            command.add(smi.get().toString());
            command.addAll(NVIDIA_SMI_ARGS);
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    // stdin from /dev/null (Redirect.DISCARD is for output: as input it throws, and no GPU was
                    // ever reported on a machine that has them)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            String out;
            try (InputStream in = p.getInputStream()) {
                if (!p.waitFor(NVIDIA_SMI_TIMEOUT_S, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    LOG.warnf("%s did not answer within %d s: no GPU reported", smi.get(), NVIDIA_SMI_TIMEOUT_S);
                    return List.of();
                }
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (p.exitValue() != 0) {
                LOG.warnf("%s exited with %d (%s): no GPU reported", smi.get(), p.exitValue(), out.strip());
                return List.of();
            }
            List<Gpu> gpus = parseNvidiaSmi(out);
            LOG.infof("GPUs: %s", gpus);
            return gpus;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot run %s (%s): no GPU reported", smi.get(), e.toString());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static List<String> encoders() {
        List<String> found = new ArrayList<>();
        try {
            for (String name : WANTED) {
                if (avcodec.avcodec_find_encoder_by_name(name) != null) {
                    found.add(name);
                }
            }
            LOG.infof("encoders available: %s", found);
            return found;
        } catch (Throwable t) {
            LOG.warnf("cannot query FFmpeg encoders (%s); reporting the preset encoders unchecked", t.toString());
            return WANTED;
        }
    }
}
