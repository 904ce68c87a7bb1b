package io.darkroom.local.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Minimal argument parsing: {@code --name value} options, {@code --flag} switches, the rest positional. */
final class Args {
    private final Map<String, String> options = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    /**
     * @param valued option names that take a value (without the leading dashes)
     * @param known  switches that take none
     */
    static Args parse(List<String> args, Set<String> valued, Set<String> known) {
        Args a = new Args();
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i);
            if (s.startsWith("--")) {
                String name = s.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw CliException.usage("--" + name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    a.options.put(name, value);
                } else if (known.contains(name) && value == null) {
                    a.flags.add(name);
                } else {
                    throw CliException.usage("unknown option " + s);
                }
            } else {
                a.positional.add(s);
            }
        }
        return a;
    }

    String option(String name, String dflt) {
        return options.getOrDefault(name, dflt);
    }

    int intOption(String name, int dflt) {
        String v = options.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw CliException.usage("--" + name + " must be a number, not " + v);
        }
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    List<String> positional() {
        return List.copyOf(positional);
    }
}
