package io.darkroom.models.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Repo-root resolution and raw float32 files for tests. */
public final class TestFiles {
    private TestFiles() {}

    /** The repo root: system property darkroom.root (set by surefire), else the folder of the darkroom-parent pom. */
    public static Path repoRoot() throws IOException {
        String prop = System.getProperty("darkroom.root");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        Pattern parent = Pattern.compile("<artifactId>darkroom-parent</artifactId>");
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path pom = p.resolve("pom.xml");
            if (Files.isRegularFile(pom)
                    && parent.matcher(Files.readString(pom)).find()) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the Darkroom repo root from " + System.getProperty("user.dir"));
    }

    /** This module's target folder (surefire sets basedir to the module folder). */
    public static Path moduleTarget() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target");
    }

    public static float[] readF32(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[buf.remaining() / Float.BYTES];
        buf.asFloatBuffer().get(values);
        return values;
    }

    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }
}
