package io.darkroom.local.cli;

import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Logging of the command line: JBoss LogManager (jboss-logging and slf4j both end there), one console handler on
 * stderr, since stdout carries only the command's results. Kafka, the embedded PostgreSQL and the Testcontainers
 * bits log at WARN; Darkroom at INFO, or WARN with {@code --quiet}.
 */
final class CliLogging {
    private static final Map<String, Level> QUIET_CATEGORIES = Map.of(
            "org.apache.kafka", Level.WARNING,
            "kafka", Level.WARNING,
            "state.change.logger", Level.WARNING,
            "io.zonky", Level.WARNING,
            "org.testcontainers", Level.WARNING);

    /** JUL keeps loggers weakly: holding them keeps their levels. */
    private static final java.util.List<Logger> CONFIGURED = new java.util.ArrayList<>();

    private CliLogging() {}

    /** Must run before anything logs, i.e. first thing in main. */
    static void configure(boolean quiet) {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler handler = new ConsoleHandler(
                ConsoleHandler.Target.SYSTEM_ERR, new PatternFormatter("%d{HH:mm:ss} %-5p [%c{1}] %s%e%n"));
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(quiet ? Level.WARNING : Level.INFO);
        QUIET_CATEGORIES.forEach((name, level) -> {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(level);
            CONFIGURED.add(logger);
        });
    }
}
