package io.darkroom.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The chart {@code deploy/helm/darkroom} rendered by a real Helm (helm-java bundles it) and every document parsed as a
 * Kubernetes type by fabric8: known kinds as their model classes, custom resources as
 * {@link GenericKubernetesResource}.
 */
final class RenderedChart {
    static final String RELEASE = "dr";
    static final String NAMESPACE = "media";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    final String yaml;
    final List<HasMetadata> objects;

    private RenderedChart(String yaml, List<HasMetadata> objects) {
        this.yaml = yaml;
        this.objects = objects;
    }

    static Path chart() {
        Path root = Path.of(System.getProperty("darkroom.root", "../.."));
        Path chart = root.resolve("deploy/helm/darkroom").toAbsolutePath().normalize();
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new IllegalStateException("no chart at " + chart);
        }
        return chart;
    }

    /** The values every install must give: a Kafka and each service's credentials, a database and its credentials. */
    static Map<String, String> required() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("kafka.bootstrapServers", "kafka-bootstrap.kafka:9092");
        v.put("kafka.ingest.existingSecret", "kafka-ingest");
        v.put("kafka.process.existingSecret", "kafka-process");
        v.put("kafka.worker.existingSecret", "kafka-worker");
        v.put("database.jdbcUrl", "jdbc:postgresql://pg.db:5432/darkroom");
        v.put("database.username", "darkroom");
        v.put("database.password", "s3cret-from-the-test");
        return v;
    }

    /** The public key the test's keys file gives ({@code security.tokenPublicKey}). */
    static String tokenPublicKey() {
        return Keys.FILE.tokenPublic;
    }

    static RenderedChart render(Map<String, String> values) {
        return render(values, true);
    }

    /** Renders with the given values, and (withKeys) the four keys every install must give, freshly made. */
    static RenderedChart render(Map<String, String> values, boolean withKeys) {
        TemplateCommand cmd = new Helm(chart()).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (withKeys) {
            cmd.withValuesFile(Keys.FILE.path);
        }
        values.forEach(cmd::set);
        String yaml = cmd.call();
        return new RenderedChart(yaml, parse(yaml));
    }

    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            String body = doc.lines().filter(l -> !l.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
            if (body.isBlank()) {
                continue;
            }
            Object parsed = SERIALIZATION.unmarshal(doc);
            if (!(parsed instanceof HasMetadata h)) {
                throw new AssertionError("not a Kubernetes object: " + parsed + "\n" + doc);
            }
            out.add(h);
        }
        return out;
    }

    <T extends HasMetadata> Stream<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast);
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    /** Custom resources (no fabric8 model class) of one kind. */
    Stream<GenericKubernetesResource> custom(String apiVersion, String kind) {
        return all(GenericKubernetesResource.class)
                .filter(r -> r.getApiVersion().equals(apiVersion) && r.getKind().equals(kind));
    }

    boolean has(String kind, String name) {
        return objects.stream()
                .anyMatch(o ->
                        o.getKind().equals(kind) && o.getMetadata().getName().equals(name));
    }

    /** A values file with a real RSA token key pair and a real Ed25519 provenance key, made once per test run. */
    private static final class Keys {
        static final Keys FILE = new Keys();
        final Path path;
        final String tokenPublic;

        private Keys() {
            try {
                KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
                KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                tokenPublic = Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded());
                String yaml = "security:\n"
                        + "  tokenPrivateKeyPem: |\n"
                        + pem("PRIVATE KEY", rsa.getPrivate().getEncoded())
                        + "  tokenPublicKey: \"" + tokenPublic + "\"\n"
                        + "  provenancePrivateKeyPem: |\n"
                        + pem("PRIVATE KEY", ed.getPrivate().getEncoded())
                        + "  provenancePublicKeyPem: |\n"
                        + pem("PUBLIC KEY", ed.getPublic().getEncoded());
                path = Files.createTempFile("darkroom-chart-keys", ".yaml");
                path.toFile().deleteOnExit();
                Files.writeString(path, yaml);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot make the test's keys", e);
            }
        }

        /** PEM lines, indented as a YAML block scalar under a key at two spaces. */
        private static String pem(String label, byte[] der) {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der);
            StringBuilder b = new StringBuilder("    -----BEGIN ").append(label).append("-----\n");
            body.lines().forEach(l -> b.append("    ").append(l).append('\n'));
            return b.append("    -----END ").append(label).append("-----\n").toString();
        }
    }
}
