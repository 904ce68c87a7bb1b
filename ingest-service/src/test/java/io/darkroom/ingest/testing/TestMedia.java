package io.darkroom.ingest.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared real media in place, and makes the small files a test needs. */
public final class TestMedia {
    public static final String GOPRO = "timecode/gopro_max_h264_tmcd_gpmf.mp4";
    public static final String PRORES = "prores/nuke_proresproxy_64x64_from_exr_seq.mov";

    private TestMedia() {
    }

    /** {@code <repo>/../shared/media}: from the {@code darkroom.root} property, else walking up to darkroom-parent. */
    public static Path mediaRoot() {
        String root = System.getProperty("darkroom.root");
        Path repo = root != null ? Path.of(root) : findRepo();
        return repo.resolve("../shared/media").toAbsolutePath().normalize();
    }

    private static Path findRepo() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path pom = p.resolve("pom.xml");
            try {
                if (Files.exists(pom) && Files.readString(pom).contains("<artifactId>darkroom-parent</artifactId>")
                        && !Files.readString(pom).contains("<parent>")) {
                    return p;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no darkroom-parent pom.xml above " + System.getProperty("user.dir"));
    }

    /** A valid 0.1 s mono 16-bit PCM WAV file: media, but without a video stream. */
    public static Path writeWav(Path file) throws IOException {
        int rate = 8000;
        int samples = rate / 10;
        int dataBytes = samples * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(dataBytes);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (Math.sin(i * 2 * Math.PI * 440 / rate) * 8000));
        }
        Files.createDirectories(file.getParent());
        return Files.write(file, b.array());
    }
}
