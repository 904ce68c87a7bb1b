package io.darkroom.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for a Quarkus service in {@link ServiceProcessTest}: run from a jar the test builds. Serves
 * {@code /q/health/ready} on {@code quarkus.http.port} (503 until {@code fake.ready-after-ms} passed, then 200), echoes
 * its {@code darkroom.*} settings to stdout, exits with {@code fake.exit-code} at once when set, and says so when it
 * is shut down by SIGTERM.
 */
public final class FakeService {
    private FakeService() {}

    /** Packs this class into an executable jar {@code dir/fake-service.jar} and returns it. */
    static java.nio.file.Path packJar(java.nio.file.Path dir) throws IOException {
        java.nio.file.Path jar = dir.resolve("fake-service.jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = java.nio.file.Files.newOutputStream(jar);
                java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(file, manifest);
                java.io.InputStream cls = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new java.util.jar.JarEntry(entry));
            cls.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    public static void main(String[] args) throws IOException {
        Integer exit = Integer.getInteger("fake.exit-code");
        if (exit != null) {
            System.out.println("fake service failing on purpose");
            System.exit(exit);
        }
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("darkroom."))
                .sorted()
                .forEach(k -> System.out.println("config " + k + "=" + System.getProperty(k)));
        long readyAt = System.currentTimeMillis() + Long.getLong("fake.ready-after-ms", 0L);
        int port = Integer.getInteger("quarkus.http.port");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10);
        server.createContext("/q/health/ready", ex -> {
            boolean ready = System.currentTimeMillis() >= readyAt;
            byte[] body = (ready ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ready ? 200 : 503, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            System.out.println("fake service stopped gracefully");
            System.out.flush();
        }));
        System.out.println("fake service listening on " + port);
        System.out.flush();
    }
}
