package io.darkroom.render.ops;

import java.util.List;

/**
 * A filter graph description for {@code FFmpegFrameFilter} (one linear chain) and the filter names in it, in order.
 *
 * @param graph   the description, e.g. {@code scale=...,format=gbrp16le,lut3d=file=...}
 * @param filters the filter names, one per filter instance
 */
public record FilterGraph(String graph, List<String> filters) {
}
