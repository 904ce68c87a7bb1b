package io.darkroom.recipe.ops;

import io.darkroom.contracts.MediaInfo;
import java.time.LocalDate;

/**
 * Values for burn-in template fields, fixed per clip and segment. {@code date} must be fixed when the job is
 * submitted (not read from the clock by each worker: segments rendered either side of midnight would differ).
 *
 * @param clip           {@code {clip}}; null = empty
 * @param show           {@code {show}}; null = empty
 * @param date           {@code {date}} (ISO yyyy-MM-dd); null = empty
 * @param startTimecode  source start timecode, {@code ;} = drop-frame; null = 00:00:00:00
 * @param fpsNum         source (= output) frame rate numerator
 * @param fpsDen         source frame rate denominator
 * @param firstFrame     index in the clip of the first frame this graph sees (the segment's first frame)
 */
public record BurnInContext(
        String clip, String show, LocalDate date, String startTimecode, int fpsNum, int fpsDen, long firstFrame) {

    public static BurnInContext of(MediaInfo media, String clip, String show, LocalDate date, long firstFrame) {
        return new BurnInContext(clip, show, date, media.timecode(), media.fpsNum(), media.fpsDen(), firstFrame);
    }

    /** The clip-relative index of the first frame of a segment starting at startUs (boundaries half a frame early). */
    public static long firstFrame(long segmentStartUs, long clipStartUs, int fpsNum, int fpsDen) {
        if (segmentStartUs <= clipStartUs) {
            return 0;
        }
        // frame k's nominal time is k * fpsDen / fpsNum s; the boundary is half a frame before it
        double k = (segmentStartUs - clipStartUs) / 1e6 * fpsNum / fpsDen;
        return (long) Math.ceil(k - 1e-6);
    }
}
