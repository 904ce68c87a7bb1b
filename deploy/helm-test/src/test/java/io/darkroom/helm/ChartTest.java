package io.darkroom.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.darkroom.messaging.KafkaAcls;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/helm/darkroom rendered by a real Helm: every object a Kubernetes type with no unknown field, and the chart's
 * invariants (restricted pods, no dangling Secret/ConfigMap, KEDA on an exported metric, GPUs where they belong).
 */
class ChartTest {
    static RenderedChart defaults;
    static RenderedChart operators;

    @BeforeAll
    static void render() {
        defaults = RenderedChart.render(RenderedChart.required());
        Map<String, String> ops = new LinkedHashMap<>();
        ops.put("strimzi.enabled", "true");
        ops.put("cnpg.enabled", "true");
        operators = RenderedChart.render(ops);
    }

    static String name(String suffix) {
        return RenderedChart.RELEASE + "-darkroom-" + suffix;
    }

    @Test
    void rendersTheThreeServicesAWorkerDeploymentPerPoolAndTheirCompanions() {
        assertThat(defaults.all(Deployment.class).map(d -> d.getMetadata().getName()))
                .containsExactlyInAnyOrder(name("process"), name("ingest"), name("worker-cpu"), name("worker-gpu"));
        assertThat(defaults.all(Service.class).map(s -> s.getMetadata().getName()))
                .containsExactlyInAnyOrder(name("process"), name("ingest"));
        assertThat(defaults.all(PodDisruptionBudget.class)
                        .map(p -> p.getMetadata().getName()))
                .containsExactlyInAnyOrder(name("ingest"), name("worker-cpu"), name("worker-gpu"));
        assertThat(defaults.all(NetworkPolicy.class)).hasSize(4);
        assertThat(defaults.all(PersistentVolumeClaim.class))
                .singleElement()
                .satisfies(p -> assertThat(p.getSpec().getAccessModes()).containsExactly("ReadWriteMany"));
        assertThat(defaults.custom("keda.sh/v1alpha1", "ScaledObject")).hasSize(2);
        assertThat(defaults.find(Deployment.class, name("process"))
                        .orElseThrow()
                        .getSpec()
                        .getReplicas())
                .as("process-service is the only catalog writer")
                .isEqualTo(1);
        // every selector of a PDB, Service and policy picks pods the chart makes
        List<Map<String, String>> podLabels = defaults.all(Deployment.class)
                .map(d -> d.getSpec().getTemplate().getMetadata().getLabels())
                .toList();
        defaults.all(PodDisruptionBudget.class).forEach(p -> assertThat(podLabels)
                .as("pods of %s", p.getMetadata().getName())
                .anyMatch(l -> l.entrySet()
                        .containsAll(p.getSpec().getSelector().getMatchLabels().entrySet())));
        defaults.all(Service.class).forEach(s -> assertThat(podLabels)
                .as("pods of service %s", s.getMetadata().getName())
                .anyMatch(
                        l -> l.entrySet().containsAll(s.getSpec().getSelector().entrySet())));
        defaults.all(NetworkPolicy.class).forEach(n -> assertThat(podLabels)
                .as("pods of policy %s", n.getMetadata().getName())
                .anyMatch(l -> l.entrySet()
                        .containsAll(
                                n.getSpec().getPodSelector().getMatchLabels().entrySet())));
    }

    @Test
    void everyObjectParsesAsAKubernetesTypeWithNoUnknownField() {
        for (RenderedChart chart : List.of(defaults, operators)) {
            assertThat(chart.objects).isNotEmpty();
            for (HasMetadata o : chart.objects) {
                assertThat(UnknownFields.of(o))
                        .as(
                                "unknown fields of %s %s",
                                o.getKind(), o.getMetadata().getName())
                        .isEmpty();
                if (!(o instanceof GenericKubernetesResource)) {
                    assertThat(o.getClass().getPackageName()).startsWith("io.fabric8.kubernetes.api.model");
                }
            }
            // the only objects without a model class are the operators' custom resources
            assertThat(chart.all(GenericKubernetesResource.class).map(HasMetadata::getApiVersion))
                    .allMatch(v -> v.startsWith("keda.sh/")
                            || v.startsWith("kafka.strimzi.io/")
                            || v.startsWith("postgresql.cnpg.io/"));
        }
    }

    @Test
    void everyPodIsRestricted() {
        for (RenderedChart chart : List.of(defaults, operators)) {
            chart.all(Deployment.class).forEach(d -> {
                String what = d.getMetadata().getName();
                PodSpec pod = d.getSpec().getTemplate().getSpec();
                PodSecurityContext psc = pod.getSecurityContext();
                assertThat(psc).as("pod securityContext of %s", what).isNotNull();
                assertThat(psc.getRunAsNonRoot()).as("runAsNonRoot of %s", what).isTrue();
                assertThat(psc.getRunAsUser()).as("runAsUser of %s", what).isPositive();
                assertThat(psc.getSeccompProfile().getType())
                        .as("seccomp of %s", what)
                        .isEqualTo("RuntimeDefault");
                assertThat(pod.getAutomountServiceAccountToken())
                        .as("token mount of %s", what)
                        .isFalse();
                assertThat(pod.getHostNetwork()).as("hostNetwork of %s", what).isNotEqualTo(Boolean.TRUE);
                assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
                assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
                for (Volume v : pod.getVolumes()) {
                    assertThat(v.getHostPath())
                            .as("hostPath volume %s of %s", v.getName(), what)
                            .isNull();
                    if (v.getEmptyDir() != null) {
                        assertThat(v.getEmptyDir().getSizeLimit())
                                .as("sizeLimit of emptyDir %s of %s", v.getName(), what)
                                .isNotNull();
                    }
                }
                List<Container> containers = new ArrayList<>(pod.getContainers());
                if (pod.getInitContainers() != null) {
                    containers.addAll(pod.getInitContainers());
                }
                for (Container c : containers) {
                    SecurityContext sc = c.getSecurityContext();
                    String cw = what + "/" + c.getName();
                    assertThat(sc).as("securityContext of %s", cw).isNotNull();
                    assertThat(sc.getAllowPrivilegeEscalation())
                            .as("allowPrivilegeEscalation of %s", cw)
                            .isFalse();
                    assertThat(sc.getPrivileged()).as("privileged of %s", cw).isNotEqualTo(Boolean.TRUE);
                    assertThat(sc.getCapabilities().getDrop())
                            .as("dropped capabilities of %s", cw)
                            .contains("ALL");
                    assertThat(sc.getCapabilities().getAdd())
                            .as("added capabilities of %s", cw)
                            .isNullOrEmpty();
                    assertThat(sc.getReadOnlyRootFilesystem())
                            .as("readOnlyRootFilesystem of %s", cw)
                            .isTrue();
                    assertThat(sc.getRunAsNonRoot())
                            .as("runAsNonRoot of %s", cw)
                            .isNotEqualTo(Boolean.FALSE);
                    assertThat(c.getReadinessProbe())
                            .as("readiness probe of %s", cw)
                            .isNotNull();
                    assertThat(c.getLivenessProbe())
                            .as("liveness probe of %s", cw)
                            .isNotNull();
                    assertThat(c.getStartupProbe())
                            .as("startup probe of %s", cw)
                            .isNotNull();
                    assertThat(c.getResources().getRequests())
                            .as("requests of %s", cw)
                            .containsKeys("cpu", "memory");
                    assertThat(c.getResources().getLimits())
                            .as("limits of %s", cw)
                            .containsKey("memory");
                }
            });
            chart.all(ServiceAccount.class).forEach(sa -> assertThat(sa.getAutomountServiceAccountToken())
                    .isFalse());
        }
    }

    @Test
    void everyReferencedSecretAndConfigMapExists() {
        for (RenderedChart chart : List.of(defaults, operators)) {
            Set<String> secrets = chart.all(Secret.class)
                    .map(s -> s.getMetadata().getName())
                    .collect(Collectors.toCollection(HashSet::new));
            // Secrets the operators make from custom resources the chart declares
            chart.custom("postgresql.cnpg.io/v1", "Cluster")
                    .forEach(c -> secrets.add(c.getMetadata().getName() + "-app"));
            chart.custom("kafka.strimzi.io/v1beta2", "KafkaUser")
                    .forEach(u -> secrets.add(u.getMetadata().getName()));
            chart.custom("kafka.strimzi.io/v1beta2", "Kafka")
                    .forEach(k -> secrets.add(k.getMetadata().getName() + "-cluster-ca-cert"));
            // Secrets the installer names (the values' *.existingSecret)
            RenderedChart.required().forEach((k, v) -> {
                if (k.endsWith(".existingSecret")) {
                    secrets.add(v);
                }
            });
            Set<String> configMaps = chart.all(ConfigMap.class)
                    .map(s -> s.getMetadata().getName())
                    .collect(Collectors.toSet());
            Set<String> claims = chart.all(PersistentVolumeClaim.class)
                    .map(s -> s.getMetadata().getName())
                    .collect(Collectors.toSet());
            chart.all(Deployment.class).forEach(d -> {
                PodSpec pod = d.getSpec().getTemplate().getSpec();
                String what = d.getMetadata().getName();
                for (Container c : pod.getContainers()) {
                    for (EnvFromSource ef : c.getEnvFrom()) {
                        if (ef.getConfigMapRef() != null) {
                            assertThat(configMaps)
                                    .as("ConfigMaps (envFrom of %s)", what)
                                    .contains(ef.getConfigMapRef().getName());
                            assertThat(ef.getConfigMapRef().getOptional()).isNotEqualTo(Boolean.TRUE);
                        }
                        if (ef.getSecretRef() != null) {
                            assertThat(secrets)
                                    .as("Secrets (envFrom of %s)", what)
                                    .contains(ef.getSecretRef().getName());
                            assertThat(ef.getSecretRef().getOptional()).isNotEqualTo(Boolean.TRUE);
                        }
                    }
                    for (EnvVar e : c.getEnv()) {
                        if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                            String secret = e.getValueFrom().getSecretKeyRef().getName();
                            assertThat(secrets)
                                    .as("Secrets (env %s of %s)", e.getName(), what)
                                    .contains(secret);
                            chart.find(Secret.class, secret).ifPresent(s -> assertThat(s.getStringData())
                                    .as("keys of Secret %s", secret)
                                    .containsKey(
                                            e.getValueFrom().getSecretKeyRef().getKey()));
                        }
                        if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                            assertThat(configMaps)
                                    .contains(e.getValueFrom()
                                            .getConfigMapKeyRef()
                                            .getName());
                        }
                    }
                }
                for (Volume v : pod.getVolumes()) {
                    if (v.getSecret() != null) {
                        assertThat(secrets).contains(v.getSecret().getSecretName());
                    }
                    if (v.getConfigMap() != null) {
                        assertThat(configMaps).contains(v.getConfigMap().getName());
                    }
                    if (v.getPersistentVolumeClaim() != null) {
                        assertThat(claims)
                                .as("claims (volume %s of %s)", v.getName(), what)
                                .contains(v.getPersistentVolumeClaim().getClaimName());
                    }
                }
            });
        }
        // the given password went into the chart's Secret, nowhere else
        Secret db = defaults.find(Secret.class, name("db")).orElseThrow();
        assertThat(db.getStringData()).containsEntry("password", "s3cret-from-the-test");
        assertThat(defaults.all(ConfigMap.class).flatMap(c -> c.getData().values().stream()))
                .noneMatch(v -> v.contains("s3cret-from-the-test"));
    }

    @Test
    void noCredentialsAreMadeUpWhenNoneAreGiven() {
        Map<String, String> noPassword = new LinkedHashMap<>(RenderedChart.required());
        noPassword.remove("database.password");
        assertThatThrownBy(() -> RenderedChart.render(noPassword))
                .hasMessageContaining("database.password is required");
        Map<String, String> noKafka = new LinkedHashMap<>(RenderedChart.required());
        noKafka.remove("kafka.bootstrapServers");
        assertThatThrownBy(() -> RenderedChart.render(noKafka))
                .hasMessageContaining("kafka.bootstrapServers is required");
        // an existing Secret instead: the chart writes none and reads that one
        Map<String, String> existing = new LinkedHashMap<>(RenderedChart.required());
        existing.remove("database.username");
        existing.remove("database.password");
        existing.put("database.existingSecret", "catalog-credentials");
        RenderedChart chart = RenderedChart.render(existing);
        assertThat(chart.find(Secret.class, name("db"))).isEmpty();
        assertThat(chart.yaml).contains("name: catalog-credentials");
    }

    @Test
    void noKeyIsMadeUpAndTheTokenAndProvenanceKeysReachProcessServiceOnly() {
        assertThatThrownBy(() -> RenderedChart.render(RenderedChart.required(), false))
                .hasMessageContaining("security.tokenPrivateKeyPem is required");

        Secret keys = defaults.find(Secret.class, name("keys")).orElseThrow();
        assertThat(keys.getStringData())
                .containsKeys("token-private.pem", "token-public", "site-ed25519.key", "site-ed25519.pub")
                .doesNotContainKey("web-session-key");
        assertThat(keys.getStringData().get("token-public")).isEqualTo(RenderedChart.tokenPublicKey());
        String mountPath = "/mnt/darkroom";
        for (Deployment d : defaults.all(Deployment.class).toList()) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            String what = d.getMetadata().getName();
            assertThat(c.getEnv()).as("the token public key in %s", what).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("DARKROOM_SECURITY_PUBLIC_KEY");
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(name("keys"));
                assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token-public");
            });
            List<Volume> keyVolumes = pod.getVolumes().stream()
                    .filter(v -> v.getSecret() != null
                            && v.getSecret().getSecretName().equals(name("keys")))
                    .toList();
            if (!what.equals(name("process"))) {
                assertThat(keyVolumes).as("%s mounts no private key", what).isEmpty();
                continue;
            }
            assertThat(keyVolumes).extracting(Volume::getName).containsExactlyInAnyOrder("token-key", "provenance-key");
            assertThat(keyVolumes)
                    .allSatisfy(v -> assertThat(v.getSecret().getDefaultMode()).isEqualTo(0440));
            assertThat(c.getVolumeMounts())
                    .filteredOn(m -> m.getName().endsWith("-key"))
                    .allSatisfy(m -> {
                        assertThat(m.getReadOnly()).isTrue();
                        assertThat(m.getMountPath())
                                .as("never on the shared volume")
                                .doesNotStartWith(mountPath);
                    });
            Map<String, String> env = c.getEnv().stream()
                    .filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
            assertThat(env)
                    .containsEntry("DARKROOM_SECURITY_PRIVATE_KEY_FILE", "/etc/darkroom/token/token-private.pem")
                    .containsEntry("DARKROOM_PROVENANCE_KEY_DIR", "/etc/darkroom/provenance");
        }

        // an existing Secret instead: the chart writes none and every reference names that one
        Map<String, String> existing = new LinkedHashMap<>(RenderedChart.required());
        existing.put("security.existingSecret", "site-keys");
        RenderedChart chart = RenderedChart.render(existing, false);
        assertThat(chart.find(Secret.class, name("keys"))).isEmpty();
        assertThat(chart.yaml).contains("secretName: site-keys").doesNotContain(name("keys"));
    }

    @Test
    void anOpenIdProviderIsConfiguredForEveryServiceAndTheMonitorsSignIn() {
        Map<String, String> oidc = new LinkedHashMap<>(RenderedChart.required());
        oidc.put("networkPolicy.workerEgressTo[0].to[0].ipBlock.cidr", "192.0.2.10/32");
        oidc.put("security.oidc.enabled", "true");
        assertThatThrownBy(() -> RenderedChart.render(oidc))
                .hasMessageContaining("security.oidc.authServerUrl is required");
        oidc.put("security.oidc.authServerUrl", "https://sso.example.test/realms/post");
        oidc.put("security.oidc.issuer", "https://sso.example.test/realms/post");
        oidc.put("security.oidc.webClientId", "darkroom-web");
        oidc.put("security.webSessionKey", "0123456789abcdef0123456789abcdef");
        RenderedChart chart = RenderedChart.render(oidc);
        ConfigMap config = chart.find(ConfigMap.class, name("config")).orElseThrow();
        assertThat(config.getData())
                .containsEntry("QUARKUS_OIDC_OIDC_TENANT_ENABLED", "true")
                .containsEntry("QUARKUS_OIDC_OIDC_AUTH_SERVER_URL", "https://sso.example.test/realms/post")
                .containsEntry("DARKROOM_SECURITY_OIDC_ISSUER", "https://sso.example.test/realms/post")
                .containsEntry("QUARKUS_OIDC_OIDC_ROLES_ROLE_CLAIM_PATH", "groups");
        Container process = chart.find(Deployment.class, name("process"))
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(process.getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("DARKROOM_WEB_OIDC_CLIENT_ID");
                    assertThat(e.getValue()).isEqualTo("darkroom-web");
                })
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("DARKROOM_WEB_SESSION_KEY");
                    assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("web-session-key");
                });
        assertThat(chart.find(Secret.class, name("keys")).orElseThrow().getStringData())
                .containsEntry("web-session-key", "0123456789abcdef0123456789abcdef");
        assertThat(defaults.find(ConfigMap.class, name("config")).orElseThrow().getData())
                .doesNotContainKey("QUARKUS_OIDC_OIDC_TENANT_ENABLED");
        Map<String, String> shortKey = new LinkedHashMap<>(RenderedChart.required());
        shortKey.put("security.webSessionKey", "too-short");
        assertThatThrownBy(() -> RenderedChart.render(shortKey)).hasMessageContaining("webSessionKey");
    }

    @Test
    void valuesAreCheckedAgainstTheSchema() {
        Map<String, String> bad = new LinkedHashMap<>(RenderedChart.required());
        bad.put("workers.pools.cpu.slots", "0");
        assertThatThrownBy(() -> RenderedChart.render(bad)).hasMessageContaining("slots");
        Map<String, String> typo = new LinkedHashMap<>(RenderedChart.required());
        typo.put("workers.pools.cpu.replcias", "3");
        assertThatThrownBy(() -> RenderedChart.render(typo)).hasMessageContaining("replcias");
        Map<String, String> oldKafka = new LinkedHashMap<>(RenderedChart.required());
        oldKafka.put("strimzi.version", "3.9.0");
        assertThatThrownBy(() -> RenderedChart.render(oldKafka)).hasMessageContaining("strimzi");
    }

    @Test
    void theGpuPoolRequestsAGpuOnGpuNodesAndTheCpuPoolDoesNot() {
        Deployment gpu = defaults.find(Deployment.class, name("worker-gpu")).orElseThrow();
        Container gc = gpu.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(gc.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(gc.getResources().getRequests()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(gc.getImage()).isEqualTo("darkroom/render-worker-gpu:0.1.0");
        assertThat(env(gc)).containsEntry("DARKROOM_POOL", "gpu");
        assertThat(gpu.getSpec().getTemplate().getSpec().getTolerations())
                .anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
        assertThat(gpu.getSpec().getTemplate().getSpec().getNodeSelector()).containsKey("nvidia.com/gpu.present");

        Container cc = defaults.find(Deployment.class, name("worker-cpu"))
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(cc.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
        assertThat(cc.getImage()).isEqualTo("darkroom/render-worker:0.1.0");
        assertThat(env(cc)).containsEntry("DARKROOM_POOL", "cpu");
    }

    @Test
    void workersGetMoreTerminationGraceThanTheirShutdownGrace() {
        for (String pool : List.of("cpu", "gpu")) {
            Deployment d =
                    defaults.find(Deployment.class, name("worker-" + pool)).orElseThrow();
            Duration shutdown = Duration.parse("PT"
                    + env(d.getSpec().getTemplate().getSpec().getContainers().get(0))
                            .get("DARKROOM_WORKER_SHUTDOWN_GRACE")
                            .toUpperCase());
            long termination = d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
            assertThat(termination)
                    .as("terminationGracePeriodSeconds of pool %s", pool)
                    .isGreaterThan(shutdown.toSeconds());
        }
        Map<String, String> longer = new LinkedHashMap<>(RenderedChart.required());
        longer.put("workers.shutdownGraceSeconds", "300");
        Deployment d = RenderedChart.render(longer)
                .find(Deployment.class, name("worker-cpu"))
                .orElseThrow();
        assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isGreaterThan(300);
    }

    @Test
    void kedaScalesEachPoolOnAnExportedBacklogMetricWithTheGpuPoolDownToZero() throws IOException {
        Set<String> exported = exportedMetrics();
        List<GenericKubernetesResource> scaled =
                defaults.custom("keda.sh/v1alpha1", "ScaledObject").toList();
        assertThat(scaled)
                .extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder(name("worker-cpu"), name("worker-gpu"));
        for (GenericKubernetesResource so : scaled) {
            String pool = so.getMetadata().getName().substring(name("worker-").length());
            Map<String, Object> spec = map(so.getAdditionalProperties().get("spec"));
            Map<String, Object> target = map(spec.get("scaleTargetRef"));
            assertThat(target).containsEntry("kind", "Deployment").containsEntry("name", name("worker-" + pool));
            assertThat(defaults.find(Deployment.class, name("worker-" + pool)))
                    .as("scale target")
                    .isPresent();
            assertThat(defaults.find(Deployment.class, name("worker-" + pool))
                            .orElseThrow()
                            .getSpec()
                            .getReplicas())
                    .as("replicas are KEDA's to set")
                    .isNull();
            List<?> triggers = (List<?>) spec.get("triggers");
            assertThat(triggers).hasSize(1);
            Map<String, Object> trigger = map(triggers.get(0));
            assertThat(trigger).containsEntry("type", "prometheus");
            String query = (String) map(trigger.get("metadata")).get("query");
            List<String> names = metricNames(query);
            assertThat(names).as("metrics of the query %s", query).contains("darkroom_pool_backlog_tasks");
            assertThat(exported)
                    .as("metrics process-service exports (deploy/observability/metrics.txt)")
                    .containsAll(names);
            assertThat(query).contains("pool=\"" + pool + "\"");
            if (pool.equals("gpu")) {
                assertThat(spec.get("minReplicaCount")).as("gpu pool minimum").isEqualTo(0);
            }
        }
        Map<String, String> off = new LinkedHashMap<>(RenderedChart.required());
        off.put("keda.enabled", "false");
        RenderedChart noKeda = RenderedChart.render(off);
        assertThat(noKeda.custom("keda.sh/v1alpha1", "ScaledObject")).isEmpty();
        assertThat(noKeda.find(Deployment.class, name("worker-cpu"))
                        .orElseThrow()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(2);
    }

    @Test
    void operatorsResourcesAreOptionalAndWiredIn() {
        assertThat(defaults.custom("kafka.strimzi.io/v1beta2", "Kafka")).isEmpty();
        assertThat(defaults.custom("postgresql.cnpg.io/v1", "Cluster")).isEmpty();

        GenericKubernetesResource kafka = operators
                .custom("kafka.strimzi.io/v1beta2", "Kafka")
                .findFirst()
                .orElseThrow();
        Map<String, Object> kspec =
                map(map(kafka.getAdditionalProperties().get("spec")).get("kafka"));
        assertThat((String) map(kspec.get("config")).get("group.coordinator.rebalance.protocols"))
                .contains("share");
        List<?> listeners = (List<?>) kspec.get("listeners");
        assertThat(listeners)
                .as("listeners: one, authenticated")
                .singleElement()
                .satisfies(l -> {
                    Map<String, Object> scram = map(l);
                    assertThat(scram)
                            .containsEntry("name", "scram")
                            .containsEntry("port", 9094)
                            .containsEntry("tls", true);
                    assertThat(map(scram.get("authentication"))).containsEntry("type", "scram-sha-512");
                    List<Map<String, Object>> peers = ((List<?>) scram.get("networkPolicyPeers"))
                            .stream()
                                    .map(p -> map(map(map(p).get("podSelector")).get("matchLabels")))
                                    .toList();
                    assertThat(peers)
                            .as("who may connect: the three services' pods, nothing else")
                            .containsExactlyInAnyOrder(
                                    Map.of(
                                            "app.kubernetes.io/instance",
                                            RenderedChart.RELEASE,
                                            "app.kubernetes.io/name",
                                            "ingest-service"),
                                    Map.of(
                                            "app.kubernetes.io/instance",
                                            RenderedChart.RELEASE,
                                            "app.kubernetes.io/name",
                                            "process-service"),
                                    Map.of(
                                            "app.kubernetes.io/instance",
                                            RenderedChart.RELEASE,
                                            "darkroom.io/role",
                                            "render-worker"));
                    operators.all(Deployment.class).forEach(d -> assertThat(peers)
                            .as("a peer for the pods of %s", d.getMetadata().getName())
                            .anyMatch(p -> d.getSpec()
                                    .getTemplate()
                                    .getMetadata()
                                    .getLabels()
                                    .entrySet()
                                    .containsAll(p.entrySet())));
                });
        assertThat(map(kspec.get("authorization"))).containsEntry("type", "simple");
        assertThat(operators.custom("kafka.strimzi.io/v1beta2", "KafkaNodePool"))
                .singleElement()
                .satisfies(p -> assertThat(p.getMetadata().getLabels())
                        .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName()));
        List<String> topics = operators
                .custom("kafka.strimzi.io/v1beta2", "KafkaTopic")
                .map(t -> (String) map(t.getAdditionalProperties().get("spec")).get("topicName"))
                .toList();
        assertThat(topics)
                .contains(
                        "darkroom.jobs.submitted",
                        "darkroom.tasks.events",
                        "darkroom.tasks.cpu",
                        "darkroom.tasks.gpu",
                        "darkroom.workers.heartbeat");
        assertThat(topics).contains("darkroom.audit", "darkroom.workers.control");
        assertThat(operators
                        .custom("kafka.strimzi.io/v1beta2", "KafkaTopic")
                        .map(t -> map(t.getAdditionalProperties().get("spec")))
                        .filter(spec -> spec.get("topicName").equals("darkroom.workers.heartbeat"))
                        .findFirst()
                        .orElseThrow()
                        .get("config"))
                .as("the heartbeat topic is compacted, as the services create it")
                .isEqualTo(Map.of("cleanup.policy", "compact"));
        Map<String, Object> partitions = operators
                .custom("kafka.strimzi.io/v1beta2", "KafkaTopic")
                .map(t -> map(t.getAdditionalProperties().get("spec")))
                .collect(java.util.stream.Collectors.toMap(s -> (String) s.get("topicName"), s -> s.get("partitions")));
        assertThat(partitions)
                .as("a pool's task topic has one partition, shared by every worker of its share group;"
                        + " the other topics keep strimzi.partitions")
                .containsEntry("darkroom.tasks.cpu", io.darkroom.contracts.Topics.TASK_PARTITIONS)
                .containsEntry("darkroom.tasks.gpu", io.darkroom.contracts.Topics.TASK_PARTITIONS)
                .containsEntry("darkroom.tasks.events", 12)
                .containsEntry("darkroom.jobs.submitted", 12);
        assertThat(operators.custom("kafka.strimzi.io/v1beta2", "KafkaUser")).hasSize(4);
        ConfigMap cfg = operators.find(ConfigMap.class, name("config")).orElseThrow();
        assertThat(cfg.getData())
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", kafka.getMetadata().getName() + "-kafka-bootstrap:9094");

        GenericKubernetesResource pg =
                operators.custom("postgresql.cnpg.io/v1", "Cluster").findFirst().orElseThrow();
        Container process = operators
                .find(Deployment.class, name("process"))
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        assertThat(env(process))
                .containsEntry(
                        "QUARKUS_DATASOURCE_JDBC_URL",
                        "jdbc:postgresql://" + pg.getMetadata().getName() + "-rw:5432/darkroom");
        assertThat(process.getEnv())
                .filteredOn(e -> e.getName().equals("QUARKUS_DATASOURCE_PASSWORD"))
                .singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName())
                        .isEqualTo(pg.getMetadata().getName() + "-app"));
        assertThat(operators.find(Secret.class, name("db")))
                .as("no chart-made database credentials with CloudNativePG")
                .isEmpty();
    }

    @Test
    void jsonLogsAreOnAndTracingIsOffUnlessGivenACollector() {
        ConfigMap cfg = defaults.find(ConfigMap.class, name("config")).orElseThrow();
        assertThat(cfg.getData())
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true")
                .containsEntry("QUARKUS_OTEL_SDK_DISABLED", "true")
                .doesNotContainKey("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        Map<String, String> on = new LinkedHashMap<>(RenderedChart.required());
        on.put("networkPolicy.workerEgressTo[0].to[0].ipBlock.cidr", "192.0.2.20/32");
        on.put("tracing.enabled", "true");
        assertThatThrownBy(() -> RenderedChart.render(on)).hasMessageContaining("tracing.otlpEndpoint is required");
        on.put("tracing.otlpEndpoint", "http://otel-collector.monitoring:4317");
        ConfigMap traced =
                RenderedChart.render(on).find(ConfigMap.class, name("config")).orElseThrow();
        assertThat(traced.getData())
                .containsEntry("QUARKUS_OTEL_SDK_DISABLED", "false")
                .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://otel-collector.monitoring:4317");
    }

    /** One ACL rule of a KafkaUser with one operation: resource type, pattern type, name ("" for the cluster). */
    record Acl(String type, String pattern, String name, String op) {
        /** Whether this rule lets its principal do operation on the resource, as Kafka's simple authorizer decides. */
        boolean allows(String resourceType, String resource, String operation) {
            boolean matches = type.equals(resourceType)
                    && (type.equals("cluster")
                            || name.equals("*")
                            || (pattern.equals("prefix") ? resource.startsWith(name) : resource.equals(name)));
            boolean implied = op.equals(operation)
                    || op.equals("All")
                    || (operation.equals("Describe")
                            && Set.of("Read", "Write", "Delete", "Alter").contains(op))
                    || (operation.equals("DescribeConfigs") && op.equals("AlterConfigs"));
            return matches && implied;
        }
    }

    /** KafkaAcls' grants as the chart's KafkaUser rules spell them (Strimzi's names for types, patterns, operations). */
    static List<Acl> strimziRules(List<KafkaAcls.Grant> grants) {
        List<Acl> out = new ArrayList<>();
        for (KafkaAcls.Grant g : grants) {
            String type = g.type().name().toLowerCase(java.util.Locale.ROOT);
            String pattern =
                    g.pattern() == org.apache.kafka.common.resource.PatternType.PREFIXED ? "prefix" : "literal";
            String name = type.equals("cluster") ? "" : g.name();
            for (var op : g.operations()) {
                String camel = Stream.of(op.name().split("_"))
                        .map(w -> w.charAt(0) + w.substring(1).toLowerCase(java.util.Locale.ROOT))
                        .collect(java.util.stream.Collectors.joining());
                out.add(new Acl(type, pattern, name, camel));
            }
        }
        return out;
    }

    static List<Acl> rules(String type, String pattern, String name, String... ops) {
        return Stream.of(ops).map(op -> new Acl(type, pattern, name, op)).toList();
    }

    /** The ACLs of a KafkaUser, one per operation. */
    static List<Acl> acls(GenericKubernetesResource user) {
        Map<String, Object> spec = map(user.getAdditionalProperties().get("spec"));
        assertThat(map(spec.get("authentication"))).containsEntry("type", "scram-sha-512");
        Map<String, Object> auth = map(spec.get("authorization"));
        assertThat(auth).containsEntry("type", "simple");
        List<Acl> out = new ArrayList<>();
        for (Object o : (List<?>) auth.get("acls")) {
            Map<String, Object> rule = map(o);
            Map<String, Object> resource = map(rule.get("resource"));
            assertThat(rule.getOrDefault("type", "allow")).isEqualTo("allow");
            String type = (String) resource.get("type");
            String pattern =
                    type.equals("cluster") ? "literal" : (String) resource.getOrDefault("patternType", "literal");
            String name = (String) resource.getOrDefault("name", "");
            List<?> ops =
                    rule.containsKey("operations") ? (List<?>) rule.get("operations") : List.of(rule.get("operation"));
            ops.forEach(op -> out.add(new Acl(type, pattern, name, (String) op)));
        }
        return out;
    }

    static Map<String, List<Acl>> kafkaUsers(RenderedChart chart) {
        Map<String, List<Acl>> users = new LinkedHashMap<>();
        chart.custom("kafka.strimzi.io/v1beta2", "KafkaUser").forEach(u -> {
            assertThat(u.getMetadata().getLabels())
                    .containsEntry(
                            "strimzi.io/cluster",
                            chart.custom("kafka.strimzi.io/v1beta2", "Kafka")
                                    .findFirst()
                                    .orElseThrow()
                                    .getMetadata()
                                    .getName());
            users.put(u.getMetadata().getName(), acls(u));
        });
        return users;
    }

    @Test
    void eachServiceIsAKafkaPrincipalWithTheAclsOfTheReadmeAndNoMore() {
        Map<String, List<Acl>> users = kafkaUsers(operators);
        assertThat(users).containsOnlyKeys("darkroom-ingest", "darkroom-process", "darkroom-worker", "darkroom-ops");
        // the same grants as the local stack's broker gets: messaging's KafkaAcls is the one table
        KafkaAcls.table().forEach((principal, grants) -> assertThat(users.get(principal))
                .as("ACLs of %s", principal)
                .containsExactlyInAnyOrderElementsOf(strimziRules(grants)));

        // what the rules add up to, as the broker decides
        List<Acl> w = users.get("darkroom-worker");
        for (String topic : List.of(
                "darkroom.jobs.submitted", "darkroom.workers.control", "darkroom.jobs.events", "darkroom.audit")) {
            assertThat(w).as("the worker writes %s", topic).noneMatch(a -> a.allows("topic", topic, "Write"));
        }
        assertThat(w)
                .as("the worker reads submitted jobs")
                .noneMatch(a -> a.allows("topic", "darkroom.jobs.submitted", "Read"));
        assertThat(w).as("the worker creates topics").noneMatch(a -> a.op().equals("Create") || a.op().equals("All"));
        assertThat(w)
                .as("the worker alters configs")
                .noneMatch(a -> a.op().startsWith("Alter") || a.op().equals("Delete"));
        assertThat(w)
                .as("the worker joins its pool's share group")
                .anyMatch(a -> a.allows("group", "darkroom-workers-gpu", "Read"));
        assertThat(w).anyMatch(a -> a.allows("topic", "darkroom.tasks.gpu", "Read"));
        assertThat(w).noneMatch(a -> a.allows("group", "darkroom-process-submissions", "Read"));
        List<Acl> i = users.get("darkroom-ingest");
        assertThat(i).as("ingest reads nothing").noneMatch(a -> a.op().equals("Read"));
        for (String topic : List.of(
                "darkroom.tasks.cpu", "darkroom.workers.control", "darkroom.tasks.events", "darkroom.jobs.events")) {
            assertThat(i).as("ingest writes %s", topic).noneMatch(a -> a.allows("topic", topic, "Write"));
        }
        List<Acl> tools = users.get("darkroom-ops");
        assertThat(tools).as("the tools user is read-only").allMatch(a -> Set.of("Read", "Describe", "DescribeConfigs")
                .contains(a.op()));
        assertThat(tools)
                .as("the tools user takes no tasks from the workers' share groups")
                .noneMatch(a -> a.allows("group", "darkroom-workers-cpu", "Read"));
        assertThat(tools).noneMatch(a -> a.allows("group", "darkroom-process-task-events", "Read"));

        Map<String, String> renamed = new LinkedHashMap<>();
        renamed.put("strimzi.enabled", "true");
        renamed.put("cnpg.enabled", "true");
        renamed.put("strimzi.users.worker", "darkroom-ops");
        assertThatThrownBy(() -> RenderedChart.render(renamed)).hasMessageContaining("four different names");
    }

    /** Every Secret a pod spec names: env, envFrom, volumes (projected ones too). */
    static Set<String> secretsOf(PodSpec pod) {
        Set<String> out = new HashSet<>();
        List<Container> containers = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            containers.addAll(pod.getInitContainers());
        }
        for (Container c : containers) {
            c.getEnv().stream()
                    .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                    .forEach(e -> out.add(e.getValueFrom().getSecretKeyRef().getName()));
            c.getEnvFrom().stream()
                    .filter(e -> e.getSecretRef() != null)
                    .forEach(e -> out.add(e.getSecretRef().getName()));
        }
        for (Volume v : pod.getVolumes()) {
            if (v.getSecret() != null) {
                out.add(v.getSecret().getSecretName());
            }
            if (v.getProjected() != null) {
                v.getProjected().getSources().stream()
                        .filter(s -> s.getSecret() != null)
                        .forEach(s -> out.add(s.getSecret().getName()));
            }
        }
        return out;
    }

    /** The Kafka client (ingest, process, worker) a Deployment of the chart runs. */
    static String kafkaClientOf(Deployment d) {
        String n = d.getMetadata().getName();
        return n.startsWith(name("worker-")) ? "worker" : n.substring(name("").length());
    }

    /** Checks each service's Kafka settings; secrets: the Secret of each client's principal. */
    static void assertEachServiceUsesItsOwnPrincipal(
            RenderedChart chart, Map<String, String> secrets, String protocol, String caSecret) {
        List<Deployment> deployments = chart.all(Deployment.class).toList();
        assertThat(deployments).hasSize(4);
        for (Deployment d : deployments) {
            String what = d.getMetadata().getName();
            String own = secrets.get(kafkaClientOf(d));
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            assertThat(env(c))
                    .as("Kafka settings of %s", what)
                    .containsEntry("KAFKA_SECURITY_PROTOCOL", protocol)
                    .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            assertThat(c.getEnv())
                    .filteredOn(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG"))
                    .as("JAAS line of %s", what)
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.getValue()).isNull();
                        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(own);
                        assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sasl.jaas.config");
                        assertThat(e.getValueFrom().getSecretKeyRef().getOptional())
                                .isNotEqualTo(Boolean.TRUE);
                    });
            Set<String> kafkaSecrets = new HashSet<>(secretsOf(pod));
            kafkaSecrets.retainAll(secrets.values());
            assertThat(kafkaSecrets).as("Kafka credentials %s may read", what).containsExactly(own);
            if (caSecret == null) {
                assertThat(env(c)).doesNotContainKeys("KAFKA_SSL_TRUSTSTORE_TYPE", "KAFKA_SSL_TRUSTSTORE_LOCATION");
                assertThat(pod.getVolumes()).noneMatch(v -> v.getName().equals("kafka-ca"));
            } else {
                assertThat(env(c))
                        .containsEntry("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM")
                        .containsEntry("KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/darkroom/kafka-ca/ca.crt");
                assertThat(pod.getVolumes())
                        .filteredOn(v -> v.getName().equals("kafka-ca"))
                        .singleElement()
                        .satisfies(
                                v -> assertThat(v.getSecret().getSecretName()).isEqualTo(caSecret));
                assertThat(c.getVolumeMounts())
                        .filteredOn(m -> m.getName().equals("kafka-ca"))
                        .singleElement()
                        .satisfies(m -> {
                            assertThat(m.getMountPath()).isEqualTo("/etc/darkroom/kafka-ca");
                            assertThat(m.getReadOnly()).isTrue();
                        });
            }
        }
    }

    @Test
    void eachServiceConnectsToKafkaAsItsOwnPrincipalFromItsOwnSecret() {
        // Strimzi: each KafkaUser's Secret, TLS with the cluster CA
        String cluster = operators
                .custom("kafka.strimzi.io/v1beta2", "Kafka")
                .findFirst()
                .orElseThrow()
                .getMetadata()
                .getName();
        Map<String, String> strimzi =
                Map.of("ingest", "darkroom-ingest", "process", "darkroom-process", "worker", "darkroom-worker");
        assertEachServiceUsesItsOwnPrincipal(operators, strimzi, "SASL_SSL", cluster + "-cluster-ca-cert");
        assertThat(kafkaUsers(operators)).containsKeys(strimzi.values().toArray(String[]::new));

        Map<String, String> plain = new LinkedHashMap<>();
        plain.put("strimzi.enabled", "true");
        plain.put("cnpg.enabled", "true");
        plain.put("strimzi.tls", "false");
        RenderedChart noTls = RenderedChart.render(plain);
        assertEachServiceUsesItsOwnPrincipal(noTls, strimzi, "SASL_PLAINTEXT", null);
        GenericKubernetesResource kafka =
                noTls.custom("kafka.strimzi.io/v1beta2", "Kafka").findFirst().orElseThrow();
        Map<String, Object> kspec =
                map(map(kafka.getAdditionalProperties().get("spec")).get("kafka"));
        Map<String, Object> listener = map(((List<?>) kspec.get("listeners")).get(0));
        assertThat(listener).containsEntry("tls", false);
        assertThat(map(listener.get("authentication"))).containsEntry("type", "scram-sha-512");

        // an external Kafka: the installer's Secret per service
        Map<String, String> external =
                Map.of("ingest", "kafka-ingest", "process", "kafka-process", "worker", "kafka-worker");
        assertEachServiceUsesItsOwnPrincipal(defaults, external, "SASL_SSL", null);
        Map<String, String> ca = new LinkedHashMap<>(RenderedChart.required());
        ca.put("kafka.caSecret", "kafka-broker-ca");
        assertEachServiceUsesItsOwnPrincipal(RenderedChart.render(ca), external, "SASL_SSL", "kafka-broker-ca");
        ca.put("kafka.securityProtocol", "SASL_PLAINTEXT");
        assertEachServiceUsesItsOwnPrincipal(RenderedChart.render(ca), external, "SASL_PLAINTEXT", null);
    }

    @Test
    void anExternalKafkaWithoutAServicesCredentialsFailsToRenderUnlessSecurityIsExplicitlyNone() {
        for (String service : List.of("ingest", "process", "worker")) {
            Map<String, String> missing = new LinkedHashMap<>(RenderedChart.required());
            missing.remove("kafka." + service + ".existingSecret");
            assertThatThrownBy(() -> RenderedChart.render(missing))
                    .hasMessageContaining("kafka." + service + ".existingSecret is required")
                    .hasMessageContaining("sasl.jaas.config");
        }
        Map<String, String> bad = new LinkedHashMap<>(RenderedChart.required());
        bad.put("kafka.security", "off");
        assertThatThrownBy(() -> RenderedChart.render(bad)).hasMessageContaining("security");

        // explicitly insecure: no credentials at all, said so
        Map<String, String> none = new LinkedHashMap<>(RenderedChart.required());
        none.keySet().removeIf(k -> k.startsWith("kafka.") && k.endsWith(".existingSecret"));
        none.put("kafka.security", "none");
        RenderedChart open = RenderedChart.render(none);
        open.all(Deployment.class).forEach(d -> {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(env(c)).containsEntry("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
            assertThat(c.getEnv()).noneMatch(e -> e.getName().startsWith("KAFKA_SASL_"));
        });

        Map<String, String> strimziNone = new LinkedHashMap<>();
        strimziNone.put("strimzi.enabled", "true");
        strimziNone.put("cnpg.enabled", "true");
        strimziNone.put("kafka.security", "none");
        assertThatThrownBy(() -> RenderedChart.render(strimziNone))
                .hasMessageContaining("kafka.security=none is for an external Kafka only");
    }

    @Test
    void onlyProcessServiceReachesTheDatabase() {
        assertThat(defaults.find(NetworkPolicy.class, name("postgres")))
                .as("no database pods of the chart's without CloudNativePG")
                .isEmpty();
        String pg = operators
                .custom("postgresql.cnpg.io/v1", "Cluster")
                .findFirst()
                .orElseThrow()
                .getMetadata()
                .getName();
        NetworkPolicy policy =
                operators.find(NetworkPolicy.class, name("postgres")).orElseThrow();
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of("cnpg.io/cluster", pg));
        assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
        assertThat(rules)
                .allSatisfy(r ->
                        assertThat(r.getPorts()).as("a rule for every port").isNotEmpty());
        List<NetworkPolicyPeer> postgres = rules.stream()
                .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 5432))
                .flatMap(r -> r.getFrom().stream())
                .toList();
        assertThat(postgres)
                .as("who may open PostgreSQL connections")
                .allSatisfy(p -> {
                    assertThat(p.getNamespaceSelector()).isNull();
                    assertThat(p.getIpBlock()).isNull();
                })
                .extracting(p -> p.getPodSelector().getMatchLabels())
                .containsExactlyInAnyOrder(
                        Map.of(
                                "app.kubernetes.io/instance",
                                RenderedChart.RELEASE,
                                "app.kubernetes.io/name",
                                "process-service"),
                        Map.of("cnpg.io/cluster", pg));
        for (Deployment d : operators.all(Deployment.class).toList()) {
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            boolean admitted = postgres.stream().anyMatch(p -> labels.entrySet()
                    .containsAll(p.getPodSelector().getMatchLabels().entrySet()));
            assertThat(admitted)
                    .as("%s reaches PostgreSQL", d.getMetadata().getName())
                    .isEqualTo(d.getMetadata().getName().equals(name("process")));
        }
        assertThat(rules)
                .filteredOn(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 8000))
                .singleElement()
                .satisfies(r -> assertThat(r.getFrom()).singleElement().satisfies(p -> assertThat(
                                p.getNamespaceSelector().getMatchLabels())
                        .isEqualTo(Map.of("kubernetes.io/metadata.name", "cnpg-system"))));
    }

    @Test
    void renderWorkersReachOnlyKafkaAndDns() {
        for (RenderedChart chart : List.of(defaults, operators)) {
            NetworkPolicy workers =
                    chart.find(NetworkPolicy.class, name("workers")).orElseThrow();
            assertThat(workers.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            List<NetworkPolicyEgressRule> egress = workers.getSpec().getEgress();
            assertThat(egress).hasSize(2);
            assertThat(egress.get(0).getPorts())
                    .extracting(p -> p.getPort().getIntVal() + "/" + p.getProtocol())
                    .containsExactlyInAnyOrder("53/UDP", "53/TCP");
            assertThat(egress.get(0).getTo()).singleElement().satisfies(p -> assertThat(
                            p.getPodSelector().getMatchLabels())
                    .containsEntry("k8s-app", "kube-dns"));
        }
        NetworkPolicyEgressRule kafka = operators
                .find(NetworkPolicy.class, name("workers"))
                .orElseThrow()
                .getSpec()
                .getEgress()
                .get(1);
        assertThat(kafka.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(9094);
        assertThat(kafka.getTo()).singleElement().satisfies(p -> {
            assertThat(p.getNamespaceSelector()).isNull();
            assertThat(p.getPodSelector().getMatchLabels())
                    .containsEntry("strimzi.io/cluster", name("kafka"))
                    .containsEntry("strimzi.io/kind", "Kafka");
        });

        // tracing: the workers call the collector, so the policy must say so
        Map<String, String> traced = new LinkedHashMap<>(RenderedChart.required());
        traced.put("tracing.enabled", "true");
        traced.put("tracing.otlpEndpoint", "http://otel-collector.monitoring:4317");
        assertThatThrownBy(() -> RenderedChart.render(traced)).hasMessageContaining("networkPolicy.workerEgressTo");
        traced.put(
                "networkPolicy.workerEgressTo[0].to[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name",
                "monitoring");
        traced.put("networkPolicy.workerEgressTo[0].ports[0].port", "4317");
        List<NetworkPolicyEgressRule> withCollector = RenderedChart.render(traced)
                .find(NetworkPolicy.class, name("workers"))
                .orElseThrow()
                .getSpec()
                .getEgress();
        assertThat(withCollector).hasSize(3);
        assertThat(withCollector.get(2).getPorts())
                .extracting(p -> p.getPort().getIntVal())
                .containsExactly(4317);

        Map<String, String> off = new LinkedHashMap<>(RenderedChart.required());
        off.put("networkPolicy.workerEgress", "false");
        NetworkPolicy open = RenderedChart.render(off)
                .find(NetworkPolicy.class, name("workers"))
                .orElseThrow();
        assertThat(open.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(open.getSpec().getEgress()).isNullOrEmpty();
    }

    @Test
    void everyPodSpecMountsNoServiceAccountTokenAndEveryEmptyDirHasASizeLimit() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("strimzi.enabled", "true");
        all.put("cnpg.enabled", "true");
        all.put("keda.enabled", "false");
        for (RenderedChart chart : List.of(defaults, operators, RenderedChart.render(all))) {
            ObjectMapper json = new ObjectMapper();
            List<String> podSpecs = new ArrayList<>();
            List<String> emptyDirs = new ArrayList<>();
            for (HasMetadata o : chart.objects) {
                walk(json.valueToTree(o), o.getKind() + " " + o.getMetadata().getName(), (path, node) -> {
                    if (node.has("containers")) {
                        podSpecs.add(path);
                        assertThat(node.path("automountServiceAccountToken").isBoolean()
                                        && !node.path("automountServiceAccountToken")
                                                .asBoolean())
                                .as("automountServiceAccountToken: false at %s", path)
                                .isTrue();
                    }
                    if (node.has("emptyDir")) {
                        emptyDirs.add(path);
                        assertThat(node.path("emptyDir").path("sizeLimit").asText())
                                .as("sizeLimit of the emptyDir at %s", path)
                                .isNotBlank();
                    }
                });
            }
            assertThat(podSpecs).as("pod specs found").hasSize((int)
                    chart.all(Deployment.class).count());
            assertThat(emptyDirs).as("emptyDirs found (one /tmp per pod)").hasSameSizeAs(podSpecs);
        }
        Map<String, String> bigger = new LinkedHashMap<>(RenderedChart.required());
        bigger.put("tmpSizeLimit", "8Gi");
        assertThat(RenderedChart.render(bigger)
                        .find(Deployment.class, name("worker-cpu"))
                        .orElseThrow()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getVolumes())
                .filteredOn(v -> v.getEmptyDir() != null)
                .singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("8Gi")));
    }

    /** Visits every JSON object of a tree with its path. */
    static void walk(JsonNode node, String path, BiConsumer<String, JsonNode> visit) {
        if (node.isObject()) {
            visit.accept(path, node);
            node.properties().forEach(f -> walk(f.getValue(), path + "." + f.getKey(), visit));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", visit);
            }
        }
    }

    static Map<String, String> env(Container c) {
        Map<String, String> m = new LinkedHashMap<>();
        c.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> m.put(e.getName(), e.getValue()));
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    static List<String> metricNames(String promql) {
        Matcher m = Pattern.compile("\\b(darkroom_[a-z0-9_]+)").matcher(promql);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The metric names in deploy/observability/metrics.txt (first column), the list the e2e Prometheus test proves. */
    static Set<String> exportedMetrics() throws IOException {
        Path file =
                RenderedChart.chart().resolve("../../observability/metrics.txt").normalize();
        return Files.readAllLines(file).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+")[0])
                .collect(Collectors.toSet());
    }
}
