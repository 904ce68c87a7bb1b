package io.darkroom.render;

/** Receives render progress, called on the rendering thread: keep it cheap and non-blocking. */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param framesDone  frames encoded so far (audio tasks: microseconds of audio written)
     * @param framesTotal expected total (the task's expectedFrames; audio: the clip's duration in microseconds)
     */
    void onProgress(long framesDone, long framesTotal);
}
