package io.darkroom.contracts;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The one wording of "this field does not exist here", with the known name a misspelt one most likely meant. */
public final class FieldNames {
    private FieldNames() {}

    /**
     * {@code Unknown field 'maxWidht' in recipe.outputs[0] (did you mean 'maxWidth'?); its fields: crf, maxHeight, ...}
     * ({@code where}: the object's path or a description; {@code known}: its fields, listed sorted).
     */
    public static String unknown(String name, String where, Collection<String> known) {
        List<String> sorted = known.stream().sorted().toList();
        String near = nearest(name, sorted);
        return "Unknown field '" + name + "' in " + where + (near == null ? "" : " (did you mean '" + near + "'?)")
                + (sorted.isEmpty() ? "; it takes no fields." : "; its fields: " + String.join(", ", sorted) + ".");
    }

    /**
     * The refusal of a field Jackson did not know, worded as {@link #unknown(String, String, Collection)}: where is the
     * path of the object that lacks it, or {@code whole} (e.g. "the job request") for a field at the top.
     */
    public static String unknown(UnrecognizedPropertyException e, String whole) {
        String path = JsonPaths.of(e.getPath());
        int dot = path.lastIndexOf('.');
        return unknown(e.getPropertyName(), dot < 0 ? whole : path.substring(0, dot), known(e));
    }

    /** The fields of the object Jackson refused a field in, sorted. */
    public static List<String> known(UnrecognizedPropertyException e) {
        return e.getKnownPropertyIds() == null
                ? List.of()
                : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
    }

    /**
     * The one name of {@code known} that equals {@code name} but for case, else the one nearest within two edits (one
     * for names of four letters or fewer); null when there is none or two are equally near.
     */
    public static String nearest(String name, Collection<String> known) {
        if (name == null || known == null) {
            return null;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String k : known) {
            if (k.toLowerCase(Locale.ROOT).equals(lower)) {
                return k;
            }
        }
        int limit = name.length() <= 4 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String k : known) {
            int d = distance(lower, k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
                tie = false;
            } else if (d == bestDistance) {
                tie = true;
            }
        }
        return best != null && bestDistance <= limit && !tie ? best : null;
    }

    /** Edits (insert, delete, replace, swap of two neighbours) that turn a into b. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
