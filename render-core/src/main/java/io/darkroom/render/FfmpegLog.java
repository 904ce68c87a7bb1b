package io.darkroom.render;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.jboss.logging.Logger;

/**
 * FFmpeg's own messages in the service's log instead of raw lines on stderr: category {@code ffmpeg}, at the level
 * FFmpeg gave them, with the thread's job and task ids (MDC) when the message comes from the rendering thread. The
 * category's level decides what FFmpeg bothers to format: WARN by default in the worker, so a segment no longer
 * writes its encoders' statistics and stream dumps (about 270 lines a task on a tiny render); {@code
 * quarkus.log.category."ffmpeg".level=DEBUG} brings everything back. Messages from FFmpeg's own threads (frame threads,
 * x264's) carry no ids.
 */
public final class FfmpegLog {
    private static final Logger LOG = Logger.getLogger("ffmpeg");
    /** Held for good: FFmpeg keeps calling it, and a collected callback would crash the process. */
    private static Sink sink;

    private FfmpegLog() {}

    /** Routes FFmpeg's messages into the {@code ffmpeg} log category; once per process (later calls do nothing). */
    public static synchronized void install() {
        if (sink != null) {
            return;
        }
        Loader.load(avutil.class);
        int level = avLevel(LOG);
        avutil.av_log_set_level(level);
        sink = new Sink(level);
        avutil.setLogCallback(sink);
        LOG.debugf("FFmpeg messages up to level %d go to this category", level);
    }

    /** The most verbose FFmpeg level the category wants. */
    static int avLevel(Logger log) {
        if (log.isTraceEnabled()) {
            return avutil.AV_LOG_TRACE;
        }
        if (log.isDebugEnabled()) {
            return avutil.AV_LOG_DEBUG;
        }
        if (log.isInfoEnabled()) {
            return avutil.AV_LOG_INFO;
        }
        if (log.isEnabled(Logger.Level.WARN)) {
            return avutil.AV_LOG_WARNING;
        }
        return avutil.AV_LOG_ERROR;
    }

    /** The log level of an FFmpeg level (panic, fatal and error are all errors). */
    static Logger.Level level(int avLevel) {
        if (avLevel <= avutil.AV_LOG_ERROR) {
            return Logger.Level.ERROR;
        }
        if (avLevel <= avutil.AV_LOG_WARNING) {
            return Logger.Level.WARN;
        }
        if (avLevel <= avutil.AV_LOG_INFO) {
            return Logger.Level.INFO;
        }
        if (avLevel <= avutil.AV_LOG_DEBUG) {
            return Logger.Level.DEBUG;
        }
        return Logger.Level.TRACE;
    }

    /** One FFmpeg message as a log line: its trailing line break dropped; null when nothing is left. */
    static String line(String message) {
        if (message == null) {
            return null;
        }
        String s = message.stripTrailing();
        return s.isEmpty() ? null : s;
    }

    private static final class Sink extends LogCallback {
        private final int threshold;

        Sink(int threshold) {
            this.threshold = threshold;
        }

        @Override
        public void call(int level, BytePointer message) {
            if (level > threshold) {
                return;
            }
            String text = line(message == null ? null : message.getString());
            if (text != null) {
                LOG.log(level(level), text);
            }
        }
    }
}
