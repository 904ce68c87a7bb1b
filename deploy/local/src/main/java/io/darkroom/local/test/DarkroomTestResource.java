package io.darkroom.local.test;

import io.darkroom.local.LocalAuth;
import io.darkroom.local.LocalStack;
import io.darkroom.security.Role;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The one test resource of every Darkroom integration test: a real Kafka broker and a real PostgreSQL for this test
 * JVM, plus storage roots ({@code media} = the repository's sample clips, {@code work} and {@code out} in a temp folder).
 *
 * <p>Where a Docker engine answers, it runs them as Testcontainers (see {@link ContainerStack}); here, with no engine,
 * it starts the embedded stack ({@link LocalStack}) by itself. No test skips because Docker is missing. Use with
 * {@code @WithTestResource(value = DarkroomTestResource.class, scope = TestResourceScope.GLOBAL)}.
 */
public class DarkroomTestResource implements QuarkusTestResourceLifecycleManager {
    private static final Logger LOG = Logger.getLogger(DarkroomTestResource.class);
    private static final Object LOCK = new Object();
    private static Backend backend;
    private static int users;

    /** What runs the broker and the database. */
    interface Backend extends AutoCloseable {
        Map<String, String> config();

        LocalAuth auth();

        String bootstrapServers();

        String jdbcUrl();

        Map<String, Path> roots();

        @Override
        void close();
    }

    @Override
    public Map<String, String> start() {
        synchronized (LOCK) {
            if (backend == null) {
                backend = startBackend();
            }
            users++;
            Map<String, String> cfg = new HashMap<>(backend.config());
            cfg.put("quarkus.http.test-port", "0");
            return cfg;
        }
    }

    @Override
    public void stop() {
        synchronized (LOCK) {
            users--;
            if (users <= 0 && backend != null) {
                backend.close();
                backend = null;
            }
        }
    }

    /**
     * A bearer token (header value without "Bearer ") the services under test accept: signed with this test run's
     * key, subject = {@code subject}, issuer {@code darkroom}, the given roles, valid for an hour.
     */
    public static String token(String subject, Role... roles) {
        return current().auth().token(subject, subject, roles);
    }

    /** The test run's token keys (to sign expired or otherwise special tokens). */
    public static LocalAuth auth() {
        return current().auth();
    }

    public static String bootstrapServers() {
        return current().bootstrapServers();
    }

    public static String jdbcUrl() {
        return current().jdbcUrl();
    }

    public static Path storageRoot(String name) {
        Path p = current().roots().get(name);
        if (p == null) {
            throw new IllegalArgumentException("no storage root " + name);
        }
        return p;
    }

    private static Backend current() {
        synchronized (LOCK) {
            if (backend == null) {
                throw new IllegalStateException("DarkroomTestResource is not started");
            }
            return backend;
        }
    }

    private static Backend startBackend() {
        Path dir;
        try {
            dir = Files.createTempDirectory("darkroom-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (ContainerStack.dockerAvailable()) {
            LOG.info("Docker engine found: Kafka and PostgreSQL run as Testcontainers");
            return ContainerStack.start(dir);
        }
        LOG.info("no Docker engine: Kafka and PostgreSQL run embedded (KRaft broker in-process, PostgreSQL binaries)");
        LocalStack stack = LocalStack.start(dir);
        return new Backend() {
            @Override
            public Map<String, String> config() {
                return stack.serviceConfig();
            }

            @Override
            public LocalAuth auth() {
                return stack.auth();
            }

            @Override
            public String bootstrapServers() {
                return stack.kafka().bootstrapServers();
            }

            @Override
            public String jdbcUrl() {
                return stack.postgres().jdbcUrl();
            }

            @Override
            public Map<String, Path> roots() {
                return stack.storageRoots();
            }

            @Override
            public void close() {
                stack.close();
            }
        };
    }
}
