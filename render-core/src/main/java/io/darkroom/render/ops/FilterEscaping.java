package io.darkroom.render.ops;

import io.darkroom.recipe.ops.TextTemplate;

/**
 * FFmpeg's escaping levels (see "Notes on filtergraph escaping" in the FFmpeg filters manual). A value is
 * escaped for the option parser ({@code key=value:key=value}, where {@code \ ' :} are special) and the result
 * again for the graph parser ({@code \ ' [ ] , ;} are special). Whitespace is escaped at both levels, so leading
 * or trailing blanks survive. Only paths we write ourselves go through here: user text never reaches the graph
 * (it goes into a text file, see {@link TextTemplate}).
 */
final class FilterEscaping {
    private FilterEscaping() {}

    /** A string ready to follow {@code key=} inside a filter graph description. */
    static String value(String raw) {
        return graph(option(raw));
    }

    static String option(String raw) {
        return backslash(raw, "\\':");
    }

    static String graph(String optionLevel) {
        return backslash(optionLevel, "\\'[],;");
    }

    private static String backslash(String s, String special) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == 0) {
                throw new IllegalArgumentException("control character in a filter option value");
            }
            if (special.indexOf(c) >= 0 || Character.isWhitespace(c)) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
