package io.darkroom.models.tfjs;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.jboss.logging.Logger;

/**
 * Fetches an npm package's tarball with {@code npm pack} (the ordinary npm client, its configured registry) and
 * unpacks it: the way Darkroom obtains the pretrained TensorFlow.js models of {@code @upscalerjs/esrgan-*}.
 */
public final class NpmPack {

    private static final Logger LOG = Logger.getLogger(NpmPack.class);
    private static final long TIMEOUT_MINUTES = 5;

    private NpmPack() {}

    /** Whether an {@code npm} executable is on the PATH. */
    public static boolean npmAvailable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        return Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, "npm"))
                .anyMatch(Files::isExecutable);
    }

    /**
     * Packs {@code spec} (e.g. {@code @upscalerjs/esrgan-slim@1.0.0}) into {@code workDir} and unpacks it; an earlier
     * unpacked copy there is reused.
     *
     * @return the unpacked package folder (the one holding package.json)
     */
    public static Path fetch(String spec, Path workDir) throws IOException {
        Path dir = workDir.resolve(spec.replaceAll("[^A-Za-z0-9._-]", "_")).toAbsolutePath();
        Path unpacked = dir.resolve("package");
        if (Files.isRegularFile(unpacked.resolve("package.json"))) {
            return unpacked;
        }
        Files.createDirectories(dir);
        Path log = dir.resolve("npm-pack.log");
        Process npm = new ProcessBuilder("npm", "pack", spec, "--ignore-scripts", "--silent")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!npm.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                npm.destroyForcibly();
                throw new IOException("npm pack " + spec + " did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running npm pack " + spec, e);
        }
        if (npm.exitValue() != 0) {
            throw new IOException("npm pack " + spec + " failed with exit code " + npm.exitValue() + ": "
                    + Files.readString(log).strip());
        }
        Path tgz;
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> tarballs = files.filter(p -> p.getFileName().toString().endsWith(".tgz"))
                    .toList();
            if (tarballs.size() != 1) {
                throw new IOException("npm pack " + spec + " left " + tarballs.size() + " tarballs in " + dir);
            }
            tgz = tarballs.get(0);
        }
        Path staging = Files.createTempDirectory(dir, "unpack");
        extract(tgz, staging);
        Files.move(staging.resolve("package"), unpacked, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(staging);
        LOG.infof("fetched %s into %s", spec, unpacked);
        return unpacked;
    }

    /** The TensorFlow.js model folder {@code models/x<scale>} of an unpacked upscalerjs package. */
    public static Path modelDir(Path packageDir, int scale) throws IOException {
        Path dir = packageDir.resolve("models").resolve("x" + scale);
        if (!Files.isRegularFile(dir.resolve("model.json"))) {
            throw new IOException("no models/x" + scale + "/model.json in " + packageDir);
        }
        return dir;
    }

    /** Unpacks a .tgz into {@code target}, refusing entries that would land outside it. */
    static void extract(Path tgz, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(tgz);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IOException(tgz + ": entry " + e.getName() + " leaves the extraction folder");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isFile()) {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
