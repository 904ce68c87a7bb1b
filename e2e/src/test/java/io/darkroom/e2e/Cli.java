package io.darkroom.e2e;

import io.darkroom.local.cli.DarkroomCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/** {@code ./darkroom ...} run in the test's JVM, its exit code and both streams kept (and logged). */
final class Cli {
    private static final Logger LOG = Logger.getLogger(Cli.class);

    private Cli() {}

    record Run(int rc, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new DarkroomCli(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        false)
                .run(args);
        Run r = new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        LOG.infof("darkroom %s -> %d%n%s%s", String.join(" ", args), rc, r.out(), r.err());
        return r;
    }
}
