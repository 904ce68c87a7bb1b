package io.darkroom.render.ops;

import java.util.List;

/**
 * A filter graph description for {@code FFmpegFrameFilter} (one linear chain), the filter names in it, in order, and
 * the colour the pictures leaving it have (what the encoder must tag).
 *
 * @param graph          the description, e.g. {@code scale=...,format=gbrp16le,lut3d=file=...}
 * @param filters        the filter names, one per filter instance
 * @param colorPrimaries FFmpeg name of the output primaries: {@code bt709}, or the source's when an HDR source is
 *                       kept as is ({@code toneMap none})
 * @param colorTransfer  FFmpeg name of the output transfer: {@code bt709}, or the source's (see colorPrimaries)
 */
public record FilterGraph(String graph, List<String> filters, String colorPrimaries, String colorTransfer) {
    /** A graph whose output is Rec.709 (matrix, primaries, transfer), limited range for YUV. */
    public FilterGraph(String graph, List<String> filters) {
        this(graph, filters, "bt709", "bt709");
    }
}
