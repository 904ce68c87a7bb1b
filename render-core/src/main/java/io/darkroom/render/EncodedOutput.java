package io.darkroom.render;

import io.darkroom.contracts.TaskEvent;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/** One output being written: its recorder, its attempt-unique file and what went into it. */
final class EncodedOutput {
    private final OutputFile file;
    private final FFmpegFrameRecorder recorder;
    private final int fpsNum;
    private final int fpsDen;
    private final String upscaledBy;
    private long frames;
    private boolean closed;

    EncodedOutput(OutputFile file, FFmpegFrameRecorder recorder, int fpsNum, int fpsDen) {
        this(file, recorder, fpsNum, fpsDen, null);
    }

    /**
     * @param upscaledBy what ran this output's upscale op ({@code TiledUpscaler.executionProvider()}:
     *                   CPUExecutionProvider / CUDAExecutionProvider, or "java" for lanczos); null = no upscale op
     */
    EncodedOutput(OutputFile file, FFmpegFrameRecorder recorder, int fpsNum, int fpsDen, String upscaledBy) {
        this.upscaledBy = upscaledBy;
        this.file = file;
        this.recorder = recorder;
        this.fpsNum = fpsNum;
        this.fpsDen = fpsDen;
    }

    void record(Frame frame, int pixelFormat) throws FrameRecorder.Exception {
        recorder.record(frame, pixelFormat);
        frames++;
    }

    long frames() {
        return frames;
    }

    OutputFile file() {
        return file;
    }

    /** Flushes the encoder, writes the trailer, renames the .part file. */
    TaskEvent.SegmentFile finish() throws FrameRecorder.Exception, RenderException {
        closed = true;
        recorder.close();
        long size = file.promote();
        long durationUs = Math.round(frames * (double) fpsDen / fpsNum * 1_000_000);
        return new TaskEvent.SegmentFile(file.output(), file.finalRef(), frames, durationUs, size, upscaledBy);
    }

    /** Releases the encoder after a failure and deletes the .part file; never throws. */
    void abandon() {
        if (!closed) {
            closed = true;
            try {
                recorder.release();
            } catch (Exception | LinkageError e) {
                // nothing more to do: the .part file goes below
            }
        }
        file.discard();
    }
}
