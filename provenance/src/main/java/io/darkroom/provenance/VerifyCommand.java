package io.darkroom.provenance;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code verify <output> [--key <public key pem or site key folder>] [--root <name>=<folder>]...}: prints the report
 * and exits 0 only when every check passed (1 when one failed, 2 on a usage error). Without {@code --key}, the key
 * folder named by the environment variable {@value #KEY_ENV} is trusted when set. Sources are checked where a
 * {@code --root} makes them reachable.
 */
public final class VerifyCommand {
    public static final String KEY_ENV = "DARKROOM_SITE_KEY";
    static final String USAGE = "usage: verify <output> [--key <site public key .pem or key folder>] "
            + "[--root <name>=<folder>]...";

    private VerifyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(KEY_ENV), System.out, System.err));
    }

    /** The command without System.exit: returns the exit status. */
    public static int run(List<String> args, String keyFromEnvironment, PrintStream out, PrintStream err) {
        List<String> rest = !args.isEmpty() && args.get(0).equals("verify") ? args.subList(1, args.size()) : args;
        Path output = null;
        Optional<Path> key = Optional.ofNullable(keyFromEnvironment).filter(s -> !s.isBlank()).map(Path::of);
        Map<String, Path> roots = new HashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if ((arg.equals("--key") || arg.equals("--root")) && i + 1 >= rest.size()) {
                return usage(err, arg + " needs a value");
            } else if (arg.equals("--key")) {
                key = Optional.of(Path.of(rest.get(++i)));
            } else if (arg.equals("--root")) {
                String[] root = rest.get(++i).split("=", 2);
                if (root.length != 2 || root[0].isEmpty() || root[1].isEmpty()) {
                    return usage(err, "--root takes <name>=<folder>, got " + rest.get(i));
                }
                roots.put(root[0], Path.of(root[1]));
            } else if (arg.startsWith("-") || output != null) {
                return usage(err, "unexpected argument " + arg);
            } else {
                output = Path.of(arg);
            }
        }
        if (output == null) {
            return usage(err, "no output given");
        }
        VerificationReport report;
        try {
            report = ManifestVerifier.verify(output, key, new SourceRoots(roots));
        } catch (ProvenanceException | java.io.UncheckedIOException e) {
            err.println("verify: " + e.getMessage());
            return 2;
        }
        out.print(report.toText());
        return report.ok() ? 0 : 1;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("verify: " + problem);
        err.println(USAGE);
        return 2;
    }
}
