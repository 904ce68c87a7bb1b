package io.darkroom.ingest.testing;

import io.darkroom.media.SampleMedia;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the sample media in place, and makes the small files a test needs. */
public final class TestMedia {
    public static final String GOPRO = SampleMedia.GOPRO;
    public static final String PRORES = SampleMedia.PRORES_TINY;

    private TestMedia() {}

    /** The repository's sample media ({@link SampleMedia#root()}). */
    public static Path mediaRoot() {
        return SampleMedia.root();
    }

    /** A valid 0.1 s mono 16-bit PCM WAV file: media, but without a video stream. */
    public static Path writeWav(Path file) throws IOException {
        int rate = 8000;
        int samples = rate / 10;
        int dataBytes = samples * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(rate)
                .putInt(rate * 2)
                .putShort((short) 2)
                .putShort((short) 16);
        b.put("data".getBytes()).putInt(dataBytes);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (Math.sin(i * 2 * Math.PI * 440 / rate) * 8000));
        }
        Files.createDirectories(file.getParent());
        return Files.write(file, b.array());
    }
}
