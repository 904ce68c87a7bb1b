package io.darkroom.provenance;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code verify <output> [--key <public key pem or site key folder>]... [--trust-store <folder>] [--root
 * <name>=<folder>]...}: prints the report and exits 0 only when every check passed, the signer included (1 when one
 * failed, 2 on a usage error). The signer is trusted when its key is one given with {@code --key}, the key folder or
 * PEM named by the environment variable {@value #KEY_ENV}, or a {@code .pem} in the trust store ({@code --trust-store},
 * else the folder named by {@value #TRUST_STORE_ENV}). With none of these nobody is trusted: "signature valid, signer
 * not trusted" and exit 1, since anyone can mint a key and sign. Sources are checked where a {@code --root} makes them
 * reachable.
 */
public final class VerifyCommand {
    public static final String KEY_ENV = "DARKROOM_SITE_KEY";
    public static final String TRUST_STORE_ENV = "DARKROOM_TRUST_STORE";
    static final String USAGE = "usage: verify <output> [--key <site public key .pem or key folder>]... "
            + "[--trust-store <folder of .pem public keys>] [--root <name>=<folder>]...";

    private VerifyCommand() {}

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(KEY_ENV), System.getenv(TRUST_STORE_ENV), System.out, System.err));
    }

    /** The command without System.exit: returns the exit status. */
    public static int run(
            List<String> args,
            String keyFromEnvironment,
            String trustStoreFromEnvironment,
            PrintStream out,
            PrintStream err) {
        List<String> rest = !args.isEmpty() && args.get(0).equals("verify") ? args.subList(1, args.size()) : args;
        Path output = null;
        List<Path> keys = new ArrayList<>();
        Path trustStore = blank(trustStoreFromEnvironment) ? null : Path.of(trustStoreFromEnvironment);
        Map<String, Path> roots = new HashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (List.of("--key", "--root", "--trust-store").contains(arg) && i + 1 >= rest.size()) {
                return usage(err, arg + " needs a value");
            } else if (arg.equals("--key")) {
                keys.add(Path.of(rest.get(++i)));
            } else if (arg.equals("--trust-store")) {
                trustStore = Path.of(rest.get(++i));
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
        if (keys.isEmpty() && !blank(keyFromEnvironment)) {
            keys.add(Path.of(keyFromEnvironment));
        }
        VerificationReport report;
        try {
            List<PublicKey> trusted =
                    new ArrayList<>(keys.stream().map(SiteKey::readPublicKey).toList());
            if (trustStore != null) {
                trusted.addAll(trustStore(trustStore));
            }
            report = new ManifestVerifier(trusted, new SourceRoots(roots)).verify(output);
        } catch (ProvenanceException | UncheckedIOException e) {
            err.println("verify: " + e.getMessage());
            return 2;
        }
        out.print(report.toText());
        return report.ok() ? 0 : 1;
    }

    /** Every {@code *.pem} public key in a folder (a missing or empty folder is a usage error: it trusts nobody). */
    static List<PublicKey> trustStore(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ProvenanceException("the trust store " + folder + " is not a folder");
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<PublicKey> keys = files.filter(f -> f.getFileName().toString().endsWith(".pem"))
                    .sorted()
                    .map(SiteKey::readPublicKey)
                    .toList();
            if (keys.isEmpty()) {
                throw new ProvenanceException("the trust store " + folder + " holds no .pem public key");
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trust store " + folder, e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static int usage(PrintStream err, String problem) {
        err.println("verify: " + problem);
        err.println(USAGE);
        return 2;
    }
}
