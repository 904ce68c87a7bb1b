package io.darkroom.recipe.ops;

import io.darkroom.recipe.Timecode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A burn-in template: literal text with {@code {clip}} {@code {tc}} {@code {frame}} {@code {show}} {@code {date}}
 * fields; {@code {{} and {@code }}} are literal braces, and any other brace is literal too (so {@code %{pts}}
 * is shown as typed). Rendered to the content of a drawtext {@code textfile}:
 * with no per-frame field the content is the literal text and drawtext runs with {@code expansion=none}; with
 * {@code {tc}} or {@code {frame}} it runs with {@code expansion=normal}, every literal {@code \} and {@code %}
 * is backslash-escaped (the only two characters drawtext's expansion treats specially), and the per-frame
 * fields become {@code %{eif:...}} expressions we generate. The text never enters the filter graph string.
 */
public final class TextTemplate {
    public static final Set<String> FIELDS = Set.of("clip", "tc", "frame", "show", "date");
    public static final int MAX_LENGTH = 1000;

    public sealed interface Part permits Literal, Field {}

    public record Literal(String text) implements Part {}

    public record Field(String name) implements Part {}

    /** What drawtext gets: file content and whether expansion is on. */
    public record Rendered(String content, boolean expand) {}

    private final List<Part> parts;

    private TextTemplate(List<Part> parts) {
        this.parts = parts;
    }

    public List<Part> parts() {
        return parts;
    }

    /** Parses a template; the message of the exception names the problem and its character position. */
    public static TextTemplate parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("longer than " + MAX_LENGTH + " characters");
        }
        String s = text.replace("\r\n", "\n");
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                throw new IllegalArgumentException(
                        "control character U+" + String.format("%04X", (int) c) + " at position " + i);
            }
            if (Character.isSurrogate(c)
                    && !(Character.isHighSurrogate(c)
                            && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1)))
                    && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
                throw new IllegalArgumentException("unpaired surrogate at position " + i);
            }
            int close = c == '{' ? s.indexOf('}', i) : -1;
            String name = close > i ? s.substring(i + 1, close) : null;
            if (c == '{' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                lit.append('{');
                i++;
            } else if (c == '}' && i + 1 < s.length() && s.charAt(i + 1) == '}') {
                lit.append('}');
                i++;
            } else if (name != null && FIELDS.contains(name)) {
                if (!lit.isEmpty()) {
                    parts.add(new Literal(lit.toString()));
                    lit.setLength(0);
                }
                parts.add(new Field(name));
                i = close;
            } else {
                lit.append(c); // any other brace is literal text
            }
        }
        if (!lit.isEmpty()) {
            parts.add(new Literal(lit.toString()));
        }
        return new TextTemplate(List.copyOf(parts));
    }

    public boolean perFrame() {
        return parts.stream()
                .anyMatch(p -> p instanceof Field f
                        && (f.name().equals("tc") || f.name().equals("frame")));
    }

    public Rendered render(BurnInContext ctx) {
        boolean expand = perFrame();
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                out.append(expand ? escapeExpansion(l.text()) : l.text());
            } else if (p instanceof Field f) {
                switch (f.name()) {
                    case "tc" -> out.append(timecode(ctx).drawtextExpansion(startFrame(ctx)));
                    case "frame" ->
                        out.append("%{eif:").append(ctx.firstFrame()).append("+n:d}");
                    default -> {
                        String v = staticValue(f.name(), ctx);
                        out.append(expand ? escapeExpansion(v) : v);
                    }
                }
            }
        }
        return new Rendered(out.toString(), expand);
    }

    /** The text as it must appear on frame {@code n} of the graph (the reference the tests compare against). */
    public String literalAt(BurnInContext ctx, long n) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                out.append(l.text());
            } else if (p instanceof Field f) {
                switch (f.name()) {
                    case "tc" -> out.append(timecode(ctx).format(startFrame(ctx) + n));
                    case "frame" -> out.append(ctx.firstFrame() + n);
                    default -> out.append(staticValue(f.name(), ctx));
                }
            }
        }
        return out.toString();
    }

    private static Timecode timecode(BurnInContext ctx) {
        String tc = ctx.startTimecode();
        return Timecode.forRate(ctx.fpsNum(), ctx.fpsDen(), tc != null && Timecode.dropSeparator(tc));
    }

    private static long startFrame(BurnInContext ctx) {
        String tc = ctx.startTimecode();
        long start = tc == null ? 0 : timecode(ctx).frames(tc);
        return start + ctx.firstFrame();
    }

    private static String staticValue(String name, BurnInContext ctx) {
        String v =
                switch (name) {
                    case "clip" -> ctx.clip();
                    case "show" -> ctx.show();
                    case "date" -> ctx.date() == null ? null : ctx.date().toString();
                    default -> throw new IllegalStateException(name);
                };
        return v == null ? "" : v.replace("\r\n", "\n").replaceAll("[\\p{Cntrl}&&[^\n\t]]", "?");
    }

    /** drawtext expansion treats only {@code \} (escape) and {@code %} (function) specially. */
    public static String escapeExpansion(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%");
    }
}
