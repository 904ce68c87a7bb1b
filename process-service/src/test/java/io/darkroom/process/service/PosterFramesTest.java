package io.darkroom.process.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.media.Ffmpeg;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Posters grabbed ahead with the bundled ffmpeg, and when the finishing must not take one. */
class PosterFramesTest {
    @TempDir
    Path dir;

    private final PosterFrames posters = new PosterFrames();
    private final UUID job = UUID.randomUUID();
    private Path output;

    @BeforeEach
    void anOutput() {
        output = clip("review.mp4", "96x54");
    }

    @AfterEach
    void stop() {
        posters.shutdown();
    }

    @Test
    void aPosterGrabbedAheadIsMovedIntoPlace() throws Exception {
        posters.ahead(job, output, 0.5);
        Path target = dir.resolve("A001_poster.jpg");

        assertThat(posters.take(output, 0.5, target)).isTrue();
        BufferedImage jpeg = ImageIO.read(target.toFile());
        assertThat(jpeg.getWidth()).isEqualTo(96);
        assertThat(jpeg.getHeight()).isEqualTo(54);
        assertThat(posters.taken()).isEqualTo(1);
        assertThat(posters.take(output, 0.5, dir.resolve("again.jpg")))
                .as("taken once")
                .isFalse();
    }

    @Test
    void nothingAheadNothingTaken() {
        assertThat(posters.take(output, 0.5, dir.resolve("p.jpg"))).isFalse();
        assertThat(dir.resolve("p.jpg")).doesNotExist();
    }

    @Test
    void anOutputChangedSinceIsNotTaken() throws Exception {
        posters.ahead(job, output, 0.5);
        Path other = clip("other.mp4", "160x90");
        Files.move(other, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(posters.take(output, 0.5, dir.resolve("p.jpg"))).isFalse();
        assertThat(dir.resolve("p.jpg")).doesNotExist();
        assertThat(posters.taken()).isZero();
    }

    @Test
    void anotherMomentOfTheClipIsNotTaken() {
        posters.ahead(job, output, 0.5);

        assertThat(posters.take(output, 1.0, dir.resolve("p.jpg"))).isFalse();
    }

    @Test
    void aFinishedJobsPostersAreForgotten() {
        posters.ahead(job, output, 0.5);
        posters.forget(job);

        assertThat(posters.take(output, 0.5, dir.resolve("p.jpg"))).isFalse();
    }

    @Test
    void aTargetThatExistsIsNeverOverwritten() throws Exception {
        posters.ahead(job, output, 0.5);
        Path target = Files.writeString(dir.resolve("taken.jpg"), "someone else's");

        assertThat(posters.take(output, 0.5, target)).isFalse();
        assertThat(Files.readString(target)).isEqualTo("someone else's");
    }

    /** Two seconds of testsrc2 at the given size, H.264. */
    private Path clip(String name, String size) {
        Path file = dir.resolve(name);
        Ffmpeg.Result r = Ffmpeg.ffmpeg(
                List.of(
                        "-v",
                        "error",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=" + size + ":rate=25",
                        "-frames:v",
                        "50",
                        "-c:v",
                        "libx264",
                        "-pix_fmt",
                        "yuv420p",
                        file.toString()),
                Duration.ofMinutes(1));
        assertThat(r.ok()).as(r.stderrTail()).isTrue();
        return file;
    }
}
