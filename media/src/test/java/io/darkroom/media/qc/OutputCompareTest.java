package io.darkroom.media.qc;

import static io.darkroom.media.TestMedia.ffmpeg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputCompareTest {
    @TempDir
    Path dir;

    @Test
    void identicalPicturesAreInfiniteAndOneADegradedReEncodeIsFiniteAndLower() {
        Path ref = dir.resolve("ref.mkv");
        Path copy = dir.resolve("copy.mkv");
        Path good = dir.resolve("good.mp4");
        Path bad = dir.resolve("bad.mp4");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-frames:v",
                "20",
                "-pix_fmt",
                "yuv420p",
                "-c:v",
                "ffv1",
                ref.toString());
        ffmpeg("-i", ref.toString(), "-c:v", "ffv1", "-level", "3", copy.toString());
        ffmpeg("-i", ref.toString(), "-c:v", "libx264", "-crf", "18", good.toString());
        ffmpeg("-i", ref.toString(), "-c:v", "libx264", "-crf", "45", bad.toString());

        QualityComparison same = OutputVerifier.compare(copy, ref);
        QualityComparison fine = OutputVerifier.compare(good, ref);
        QualityComparison poor = OutputVerifier.compare(bad, ref);

        assertThat(same.psnr()).isInfinite();
        assertThat(same.ssim()).isEqualTo(1.0);
        assertThat(fine.psnr()).isFinite().isGreaterThan(35);
        assertThat(poor.psnr()).isFinite().isLessThan(fine.psnr() - 5);
        assertThat(poor.ssim()).isLessThan(fine.ssim()).isLessThan(1.0);
        assertThat(fine.atLeast(35, 0.95)).isTrue();
        assertThat(poor.atLeast(35, 0.95)).isFalse();
    }

    @Test
    void differentPixelFormatsAreComparedOnTheirPicture() {
        Path ref = dir.resolve("ref.mkv");
        Path p10 = dir.resolve("p10.mov");
        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-frames:v",
                "5",
                "-pix_fmt",
                "yuv420p",
                "-c:v",
                "ffv1",
                ref.toString());
        ffmpeg("-i", ref.toString(), "-c:v", "prores_ks", "-profile:v", "3", "-pix_fmt", "yuv422p10le", p10.toString());

        QualityComparison c = OutputVerifier.compare(p10, ref);

        assertThat(c.psnr()).isGreaterThan(40);
        assertThat(c.ssim()).isGreaterThan(0.98);
    }

    @Test
    void differentSizesOrMissingFilesAreRefused() {
        Path a = dir.resolve("a.mkv");
        Path b = dir.resolve("b.mkv");
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-frames:v", "3", "-c:v", "ffv1", a.toString());
        ffmpeg("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-frames:v", "3", "-c:v", "ffv1", b.toString());

        assertThatThrownBy(() -> OutputVerifier.compare(a, b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a.mkv");
        assertThatThrownBy(() -> OutputVerifier.compare(dir.resolve("none.mp4"), a))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none.mp4");
    }

    @Test
    void parsesInfAndFiniteSummaries() {
        QualityComparison inf = OutputVerifier.parseComparison(
                "[Parsed_psnr_4 @ 0x1] PSNR y:inf u:inf v:inf average:inf min:inf max:inf\n"
                        + "[Parsed_ssim_5 @ 0x2] SSIM Y:1.000000 (inf) U:1.000000 (inf) V:1.000000 (inf) All:1.000000 (inf)\n");
        QualityComparison fin = OutputVerifier.parseComparison(
                "[Parsed_psnr_4 @ 0x1] PSNR y:25.524731 u:28.957637 v:28.072958 average:26.308066\n"
                        + "[Parsed_ssim_5 @ 0x2] SSIM Y:0.912345 (10.6) U:0.95 (13.0) V:0.96 (14.0) All:0.93 (11.5)\n");
        assertThat(inf.psnr()).isInfinite();
        assertThat(inf.ssim()).isEqualTo(1.0);
        assertThat(fin.psnr()).isEqualTo(25.524731);
        assertThat(fin.ssim()).isEqualTo(0.912345);
        assertThatThrownBy(() -> OutputVerifier.parseComparison("nothing"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
