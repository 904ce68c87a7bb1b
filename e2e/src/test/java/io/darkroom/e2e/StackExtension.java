package io.darkroom.e2e;

import io.darkroom.local.RepoPaths;
import io.darkroom.local.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the whole stack (embedded broker and database, the three packaged services as separate JVMs, two
 * render-workers) once for the end-to-end test classes of this JVM, and stops it when they are done: starting one
 * costs about half a minute on two cores, so the classes here share it. State and service logs go to
 * {@code e2e/target/e2e-stack-<time>} and stay there after a failure.
 *
 * <p>Test classes take the stack as a parameter: {@code @BeforeAll static void setUp(Stack stack)}.
 */
public final class StackExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(StackExtension.class);
    static final int WORKERS = 2;
    /** darkroom.budgets.source-pixels of every service of the stack: 8192 x 8192. */
    static final long SOURCE_PIXELS = 8192L * 8192;
    /** process-service deletes a cancelled job's work folder this long after the cancel (default 15 s). */
    static final java.time.Duration CANCEL_CLEANUP_DELAY = java.time.Duration.ofSeconds(2);

    /**
     * The model registry of the stack's services ({@code darkroom.models.dir}): empty until a test imports a model
     * into it ({@code ApprovalIT}); the services read it on each use, so a model registered after the start counts.
     */
    static Path modelsDir() {
        return RepoPaths.repoRoot().resolve("e2e/target/models");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    private static Stack stack(ExtensionContext context) {
        // the root store closes it (Stack is AutoCloseable) after the last class
        return context.getRoot().getStore(NS).getOrComputeIfAbsent("stack", k -> start(), Stack.class);
    }

    private static Stack start() {
        try {
            Path base = Files.createDirectories(RepoPaths.repoRoot().resolve("e2e/target"));
            Path stateDir = Files.createTempDirectory(base, "e2e-stack-");
            return Stack.start(
                    stateDir,
                    Stack.Options.defaults()
                            .withWorkers(WORKERS)
                            .withModelsDir(modelsDir())
                            // HostileFilesIT: a budget a hostile stream can pass while staying under FFmpeg's own
                            // ceiling (about 16384 x 16384); no other test's source comes near it (4K at most)
                            .withConfig("darkroom.budgets.source-pixels", Long.toString(SOURCE_PIXELS))
                            .withServiceConfig(
                                    Stack.PROCESS,
                                    "darkroom.dispatch.cancel-cleanup-delay",
                                    CANCEL_CLEANUP_DELAY.toSeconds() + "s")
                            // PrometheusDashboardIT sees the share group's lag while a job's few tasks are queued
                            .withServiceConfig(Stack.PROCESS, "darkroom.metrics.kafka-interval", "1s"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Stack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return stack(extensionContext);
    }
}
