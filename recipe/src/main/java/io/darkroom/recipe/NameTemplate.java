package io.darkroom.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Final output file names from a template such as {@code {show}_{date}_{clip}_{output}.{ext}}.
 *
 * <p>Fields: {@code {show}} (recipe show), {@code {date}} (job date, ISO yyyy-MM-dd), {@code {clip}} (clip name),
 * {@code {output}} (recipe output name), {@code {ext}} (the preset's extension), {@code {reel}} (tape / reel name: the
 * clip name, as written into editorial outputs). {@code {{} and {@code }}} are literal braces; any other
 * {@code {name}} is refused when the template is parsed. Rules:
 * <ul>
 * <li>every value and the literal text are sanitized into one safe file name: path separators, control characters
 * and {@code : * ? " < > |} become {@code _}; leading dots and spaces are dropped;</li>
 * <li>an empty field (no show) takes one separator ({@code _ - . space}) next to it with it, so
 * {@code {show}_{clip}} without a show gives {@code A001}, not {@code _A001};</li>
 * <li>the name always ends with {@code .<ext>} (added when the template leaves it out);</li>
 * <li>never overwriting: when a name is taken, {@code -1}, {@code -2}, ... go before the extension.</li>
 * </ul>
 */
public final class NameTemplate {
    /** The historical name: clip and output. */
    public static final String DEFAULT = "{clip}_{output}.{ext}";

    public static final Set<String> FIELDS = Set.of("show", "date", "clip", "output", "ext", "reel");
    private static final String SEPARATORS = "_-. ";

    private final String template;
    private final List<Object> parts; // String literal or Field

    private record Field(String name) {}

    private NameTemplate(String template, List<Object> parts) {
        this.template = template;
        this.parts = parts;
    }

    /**
     * @throws IllegalArgumentException for an unknown field, an unclosed brace or a template without {clip} or
     *                                  {reel} (every clip of a job would want the same name)
     */
    public static NameTemplate parse(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("name template is empty");
        }
        List<Object> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        boolean perClip = false;
        for (int i = 0; i < template.length(); i++) {
            char ch = template.charAt(i);
            if (ch == '{' && template.startsWith("{{", i)) {
                lit.append('{');
                i++;
            } else if (ch == '}' && template.startsWith("}}", i)) {
                lit.append('}');
                i++;
            } else if (ch == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) {
                    throw new IllegalArgumentException("name template '" + template + "': unclosed '{' at " + i);
                }
                String name = template.substring(i + 1, end);
                if (!FIELDS.contains(name)) {
                    throw new IllegalArgumentException("name template '" + template + "': unknown field {" + name
                            + "} (known: {show} {date} {clip} {output} {ext} {reel})");
                }
                perClip |= name.equals("clip") || name.equals("reel");
                if (!lit.isEmpty()) {
                    parts.add(lit.toString());
                    lit.setLength(0);
                }
                parts.add(new Field(name));
                i = end;
            } else if (ch == '}') {
                throw new IllegalArgumentException(
                        "name template '" + template + "': stray '}' at " + i + " (write }} for a literal brace)");
            } else {
                lit.append(ch);
            }
        }
        if (!lit.isEmpty()) {
            parts.add(lit.toString());
        }
        if (!perClip) {
            throw new IllegalArgumentException("name template '" + template
                    + "' must contain {clip} or {reel}, or every clip of a job gets the same name");
        }
        return new NameTemplate(template, List.copyOf(parts));
    }

    public String template() {
        return template;
    }

    /**
     * The name for these values (keys: the field names; a missing or null value is empty), with {@code -suffix}
     * before the extension when suffix > 0.
     */
    public String render(Map<String, String> values, int suffix) {
        String ext = safe(values.getOrDefault("ext", ""));
        StringBuilder b = new StringBuilder();
        boolean dropNextSeparator = false;
        for (Object p : parts) {
            if (p instanceof Field f) {
                String v = values.get(f.name());
                v = v == null ? "" : safe(v);
                if (v.isEmpty()) {
                    // an empty field takes the separator before it (or, at the start, the one after it)
                    if (!b.isEmpty() && SEPARATORS.indexOf(b.charAt(b.length() - 1)) >= 0) {
                        b.setLength(b.length() - 1);
                    } else {
                        dropNextSeparator = true;
                    }
                    continue;
                }
                b.append(v);
            } else {
                String lit = safe((String) p);
                if (dropNextSeparator && !lit.isEmpty() && SEPARATORS.indexOf(lit.charAt(0)) >= 0) {
                    lit = lit.substring(1);
                }
                b.append(lit);
            }
            dropNextSeparator = false;
        }
        String name = b.toString().replaceFirst("^[. ]+", "").strip();
        String dotExt = ext.isEmpty() ? "" : "." + ext;
        String base =
                !dotExt.isEmpty() && name.endsWith(dotExt) ? name.substring(0, name.length() - dotExt.length()) : name;
        base = base.replaceAll("[. ]+$", "");
        if (base.isEmpty()) {
            base = "_";
        }
        return (suffix > 0 ? base + "-" + suffix : base) + dotExt;
    }

    /** The first name not taken: the plain one, then -1, -2, ...; {@code taken} says whether a name exists. */
    public String firstFree(Map<String, String> values, Predicate<String> taken) {
        for (int i = 0; i < 10_000; i++) {
            String name = render(values, i);
            if (!taken.test(name)) {
                return name;
            }
        }
        throw new IllegalStateException("no free output name for " + render(values, 0));
    }

    /** One safe file-name part: separators, control characters and {@code : * ? " < > |} become '_'. */
    public static String safe(String part) {
        StringBuilder b = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); i++) {
            char ch = part.charAt(i);
            b.append(ch < 0x20 || ch == 0x7f || "/\\:*?\"<>|".indexOf(ch) >= 0 ? '_' : ch);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return template;
    }
}
