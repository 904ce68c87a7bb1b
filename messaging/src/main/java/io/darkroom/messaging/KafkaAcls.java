package io.darkroom.messaging;

import static org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import io.darkroom.contracts.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on a Darkroom Kafka cluster: one SCRAM principal per service and the ACLs each gets, nothing more
 * (a broker with an authorizer denies whatever no ACL allows). The local stack creates exactly these; the Helm chart's
 * KafkaUsers list the same, and its test compares them with {@link #table()}.
 *
 * <ul>
 *   <li>ingest-service publishes submissions and its audit rows, and reads nothing.
 *   <li>process-service owns the pipeline: every {@code darkroom.} topic and {@code darkroom-} group.
 *   <li>a render-worker reads its pool's tasks (share group) and the control topic, and writes only task events and
 *       heartbeats: it can neither submit a job nor command other workers.
 * </ul>
 */
public final class KafkaAcls {
    private KafkaAcls() {}

    public static final String INGEST = "darkroom-ingest";
    public static final String PROCESS = "darkroom-process";
    public static final String WORKER = "darkroom-worker";

    /** One grant: a principal may do {@code operations} on a resource (a literal name, or every name with a prefix). */
    public record Grant(
            String principal, ResourceType type, String name, PatternType pattern, List<AclOperation> operations) {
        public Grant {
            operations = List.copyOf(operations);
        }

        /** The Kafka ACL bindings of this grant, one per operation, allowed from any host. */
        public List<AclBinding> bindings() {
            ResourcePattern resource = new ResourcePattern(type, name, pattern);
            return operations.stream()
                    .map(op -> new AclBinding(
                            resource, new AccessControlEntry("User:" + principal, "*", op, AclPermissionType.ALLOW)))
                    .toList();
        }
    }

    /** Every grant, by principal. */
    public static Map<String, List<Grant>> table() {
        return Map.of(
                INGEST,
                List.of(
                        topic(INGEST, Topics.JOBS_SUBMITTED, WRITE, DESCRIBE, CREATE),
                        topic(INGEST, Topics.AUDIT, WRITE, DESCRIBE, CREATE),
                        cluster(INGEST, DESCRIBE)),
                PROCESS,
                List.of(
                        new Grant(
                                PROCESS,
                                ResourceType.TOPIC,
                                "darkroom.",
                                PatternType.PREFIXED,
                                List.of(READ, WRITE, DESCRIBE, CREATE, DESCRIBE_CONFIGS, ALTER_CONFIGS)),
                        new Grant(
                                PROCESS,
                                ResourceType.GROUP,
                                "darkroom-",
                                PatternType.PREFIXED,
                                List.of(READ, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS, DELETE)),
                        cluster(PROCESS, DESCRIBE, DESCRIBE_CONFIGS)),
                WORKER,
                List.of(
                        new Grant(
                                WORKER,
                                ResourceType.TOPIC,
                                Topics.TASKS_PREFIX,
                                PatternType.PREFIXED,
                                List.of(READ, DESCRIBE)),
                        topic(WORKER, Topics.TASKS_EVENTS, WRITE),
                        topic(WORKER, Topics.WORKERS_HEARTBEAT, WRITE, DESCRIBE),
                        topic(WORKER, Topics.WORKERS_CONTROL, READ, DESCRIBE),
                        new Grant(
                                WORKER,
                                ResourceType.GROUP,
                                Topics.WORKER_GROUP_PREFIX,
                                PatternType.PREFIXED,
                                List.of(READ, DESCRIBE)),
                        cluster(WORKER, DESCRIBE)));
    }

    /** Every ACL binding of {@link #table()}. */
    public static List<AclBinding> bindings() {
        List<AclBinding> all = new ArrayList<>();
        table().values().forEach(grants -> grants.forEach(g -> all.addAll(g.bindings())));
        return all;
    }

    private static Grant topic(String principal, String topic, AclOperation... ops) {
        return new Grant(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, List.of(ops));
    }

    private static Grant cluster(String principal, AclOperation... ops) {
        return new Grant(principal, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, List.of(ops));
    }
}
