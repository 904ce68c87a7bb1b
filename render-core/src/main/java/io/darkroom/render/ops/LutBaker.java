package io.darkroom.render.ops;

import io.darkroom.recipe.ops.OpsException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Bakes a run of colour steps into one plain 3D {@code .cube} (domain 0..1, red fastest) that FFmpeg's
 * {@code lut3d} reads. The file name is the SHA-256 of the steps' keys and the grid size, so a bake is done once
 * per worker and shared by every output, segment and job using the same grade; files are written to a temporary
 * name and moved into place, so concurrent bakes of the same LUT are harmless.
 */
final class LutBaker {
    static final String VERSION = "darkroom-bake-1";

    private LutBaker() {}

    /**
     * @param size grid size for composite or non-plain LUTs (33 or 65); a single plain 3D table keeps its own size,
     *             so its grid points are copied exactly
     */
    static Path bake(List<ColourStep> steps, Path dir, int size) throws OpsException {
        int n = steps.size() == 1 && steps.get(0).nativeSize() > 0
                ? steps.get(0).nativeSize()
                : size;
        StringBuilder key = new StringBuilder(VERSION).append('|').append(n);
        for (ColourStep s : steps) {
            key.append('|').append(s.key());
        }
        Path target = dir.resolve(sha256(key.toString().getBytes(StandardCharsets.UTF_8)) + ".cube");
        if (Files.isRegularFile(target)) {
            return target;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "bake-", ".tmp");
            try {
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
                    write(w, steps, n);
                }
                move(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new OpsException("cannot write baked LUT in " + dir + ": " + e.getMessage(), false, e);
        }
        return target;
    }

    private static void write(Writer w, List<ColourStep> steps, int n) throws IOException {
        w.write("TITLE \"darkroom baked LUT\"\n# " + VERSION + "\nLUT_3D_SIZE " + n + "\n");
        w.write("DOMAIN_MIN 0 0 0\nDOMAIN_MAX 1 1 1\n");
        double[] rgb = new double[3];
        StringBuilder line = new StringBuilder(64);
        for (int b = 0; b < n; b++) {
            for (int g = 0; g < n; g++) {
                for (int r = 0; r < n; r++) {
                    rgb[0] = (double) r / (n - 1);
                    rgb[1] = (double) g / (n - 1);
                    rgb[2] = (double) b / (n - 1);
                    for (ColourStep s : steps) {
                        s.apply(rgb);
                    }
                    line.setLength(0);
                    line.append(String.format(Locale.ROOT, "%.8f %.8f %.8f%n", rgb[0], rgb[1], rgb[2]));
                    w.write(line.toString());
                }
            }
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
