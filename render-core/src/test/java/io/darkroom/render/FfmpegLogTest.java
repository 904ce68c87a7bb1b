package io.darkroom.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FFmpeg's messages reach the {@code ffmpeg} log category at their own level, and only up to the category's level:
 * real FFmpeg, in this JVM (jboss-logging's JDK backend in a plain unit test, so a java.util.logging handler sees the
 * records).
 */
class FfmpegLogTest {
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final java.util.logging.Logger jul = java.util.logging.Logger.getLogger("ffmpeg");
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @TempDir
    Path temp;

    @BeforeEach
    void capture() {
        jul.setLevel(Level.WARNING); // the category at WARN, as the worker's application.properties sets it
        jul.addHandler(handler);
        FfmpegLog.install();
    }

    @AfterEach
    void release() {
        jul.removeHandler(handler);
    }

    @Test
    void anUnreadableFilesErrorIsLoggedAtErrorAndTheEncodersStatisticsAreNot() throws Exception {
        assertThat(avutil.av_log_get_level()).isEqualTo(avutil.AV_LOG_WARNING);

        // an MP4 with its file type box and no movie box: the demuxer says so at error level
        Path broken = temp.resolve("no-moov.mp4");
        ByteBuffer b = ByteBuffer.allocate(40);
        b.putInt(24).put("ftypisom".getBytes()).putInt(0x200).put("isommp41".getBytes());
        b.putInt(16).put("mdat".getBytes()).putLong(0);
        Files.write(broken, b.array());
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(broken.toFile())) {
            assertThatThrownBy(g::start).isInstanceOf(FFmpegFrameGrabber.Exception.class);
        }
        assertThat(records).anySatisfy(r -> {
            // jboss-logging's ERROR is a java.util.logging level of SEVERE's rank
            assertThat(r.getLevel().intValue()).isEqualTo(Level.SEVERE.intValue());
            assertThat(r.getMessage()).contains("moov atom not found").doesNotEndWith("\n");
        });

        // an x264 encode prints its statistics at info level when it closes: below the category's level, not logged
        records.clear();
        Path out = temp.resolve("tiny.mp4");
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), 32, 32)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setFrameRate(25);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.start();
            for (int i = 0; i < 10; i++) {
                Frame f = new Frame(32, 32, Frame.DEPTH_UBYTE, 3);
                ((ByteBuffer) f.image[0]).put(new byte[32 * 32 * 3]);
                rec.record(f, avutil.AV_PIX_FMT_BGR24);
            }
            rec.stop();
        }
        assertThat(Files.size(out)).isPositive();
        assertThat(records)
                .allSatisfy(r -> assertThat(r.getLevel().intValue()).isGreaterThanOrEqualTo(Level.WARNING.intValue()));
        assertThat(records).noneSatisfy(r -> assertThat(r.getMessage()).contains("kb/s"));
    }

    @Test
    void levelsMapAsFfmpegRanksThem() {
        assertThat(FfmpegLog.level(avutil.AV_LOG_PANIC)).isEqualTo(Logger.Level.ERROR);
        assertThat(FfmpegLog.level(avutil.AV_LOG_ERROR)).isEqualTo(Logger.Level.ERROR);
        assertThat(FfmpegLog.level(avutil.AV_LOG_WARNING)).isEqualTo(Logger.Level.WARN);
        assertThat(FfmpegLog.level(avutil.AV_LOG_INFO)).isEqualTo(Logger.Level.INFO);
        assertThat(FfmpegLog.level(avutil.AV_LOG_VERBOSE)).isEqualTo(Logger.Level.DEBUG);
        assertThat(FfmpegLog.level(avutil.AV_LOG_DEBUG)).isEqualTo(Logger.Level.DEBUG);
        assertThat(FfmpegLog.level(avutil.AV_LOG_TRACE)).isEqualTo(Logger.Level.TRACE);
        assertThat(FfmpegLog.line("[mov,mp4 @ 0x1] moov atom not found\n"))
                .isEqualTo("[mov,mp4 @ 0x1] moov atom not found");
        assertThat(FfmpegLog.line("\n")).isNull();
        assertThat(FfmpegLog.line(null)).isNull();
    }
}
