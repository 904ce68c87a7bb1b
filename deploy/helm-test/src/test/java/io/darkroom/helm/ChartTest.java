package io.darkroom.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
        Map<String, Object> plain = map(listeners.stream()
                .filter(l -> "plain".equals(map(l).get("name")))
                .findFirst()
                .orElseThrow());
        assertThat(plain.get("networkPolicyPeers"))
                .as("who may use the unauthenticated listener")
                .asList()
                .singleElement()
                .satisfies(peer -> assertThat(map(map(peer).get("podSelector")).get("matchLabels"))
                        .isEqualTo(Map.of(
                                "app.kubernetes.io/part-of",
                                "darkroom",
                                "app.kubernetes.io/instance",
                                RenderedChart.RELEASE)));
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
        assertThat(operators.custom("kafka.strimzi.io/v1beta2", "KafkaUser")).hasSize(1);
        ConfigMap cfg = operators.find(ConfigMap.class, name("config")).orElseThrow();
        assertThat(cfg.getData())
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", kafka.getMetadata().getName() + "-kafka-bootstrap:9092");

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
        on.put("tracing.enabled", "true");
        assertThatThrownBy(() -> RenderedChart.render(on)).hasMessageContaining("tracing.otlpEndpoint is required");
        on.put("tracing.otlpEndpoint", "http://otel-collector.monitoring:4317");
        ConfigMap traced =
                RenderedChart.render(on).find(ConfigMap.class, name("config")).orElseThrow();
        assertThat(traced.getData())
                .containsEntry("QUARKUS_OTEL_SDK_DISABLED", "false")
                .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://otel-collector.monitoring:4317");
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
