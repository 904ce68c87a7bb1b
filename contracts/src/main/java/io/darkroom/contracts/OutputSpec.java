package io.darkroom.contracts;

/**
 * One output of a recipe.
 *
 * @param name      short name used in file names and the API (e.g. {@code review})
 * @param preset    preset name (see {@link Preset}), e.g. {@code h264-review}
 * @param maxWidth  the picture fits inside maxWidth x maxHeight, aspect ratio kept (0 = source size)
 * @param maxHeight see maxWidth
 * @param crf       quality override for CRF codecs, null = preset default
 */
public record OutputSpec(String name, String preset, int maxWidth, int maxHeight, Integer crf) {
}
