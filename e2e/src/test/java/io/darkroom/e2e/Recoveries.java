package io.darkroom.e2e;

import io.darkroom.local.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The measured recovery times of the fault tests, collected over the test JVM: each is logged when measured, the file
 * {@code e2e/target/fault-recovery.txt} is rewritten with every one so far, and the summary is logged once the last
 * test class is done (as an extension: {@code @ExtendWith(Recoveries.class)}).
 */
public final class Recoveries implements BeforeAllCallback {
    private static final Logger LOG = Logger.getLogger(Recoveries.class);
    private static final List<String> LINES = new ArrayList<>();

    /**
     * @param test    which fault test
     * @param fault   what was done
     * @param taskDone fault to the affected task DONE (null: not applicable)
     * @param job     fault to the job's end state (SUCCEEDED, FAILED, CANCELLED as the test expects)
     * @param note    anything worth knowing (which worker, which broker, downtime)
     */
    static synchronized void record(String test, String fault, Duration taskDone, Duration job, String note) {
        String line =
                String.format("%-22s %-48s task %-9s job %-9s %s", test, fault, seconds(taskDone), seconds(job), note);
        LOG.infof("fault recovery: %s", line);
        LINES.add(line);
        write();
    }

    static String seconds(Duration d) {
        return d == null ? "-" : String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static void write() {
        Path file = RepoPaths.repoRoot().resolve("e2e/target/fault-recovery.txt");
        StringBuilder sb = new StringBuilder("# Darkroom fault tests: measured recovery (fault -> affected task DONE,"
                + " fault -> job end state), " + Instant.now() + "\n");
        LINES.forEach(l -> sb.append(l).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warnf("cannot write %s: %s", file, e.getMessage());
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.create(Recoveries.class))
                .getOrComputeIfAbsent("summary", k -> (AutoCloseable) Recoveries::summary, AutoCloseable.class);
    }

    private static synchronized void summary() {
        if (LINES.isEmpty()) {
            return;
        }
        LOG.infof("fault recovery summary (also in e2e/target/fault-recovery.txt):%n  %s", String.join("\n  ", LINES));
        System.out.println("fault recovery summary:\n  " + String.join("\n  ", LINES));
    }
}
