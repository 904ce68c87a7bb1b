package io.darkroom.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.local.EmbeddedKafka;
import io.darkroom.messaging.KafkaSettings;
import io.darkroom.worker.domain.AckPolicy.Ack;
import io.darkroom.worker.domain.RenewalSchedule;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lock renewal as the worker does it (RENEW, commitSync, poll the record back) against a real 4.4 broker, for longer
 * than the 15 s lock: the held record never reaches another member, and renewing acquires no other record (records
 * a later member gets are on their first delivery).
 */
class RecordAcksIT {
    private static final Duration LOCK = Duration.ofSeconds(15);
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start(Files.createTempDirectory("record-acks-it"), 0);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void renewedRecordStaysWithItsHolderPastTheLockDurationAndNothingElseIsAcquired() throws Exception {
        String topic = "renew-it";
        String group = "renew-it-group";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            List<AlterConfigOp> ops = List.of(
                    set("share.auto.offset.reset", "earliest"),
                    set("share.renew.acknowledge.enable", "true"),
                    set("share.record.lock.duration.ms", Long.toString(LOCK.toMillis())),
                    set("share.delivery.count.limit", "5"));
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, group), ops))
                    .all()
                    .get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
            }
        }

        try (KafkaShareConsumer<String, String> holder = consumer(group)) {
            holder.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> first = new CopyOnWriteArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                holder.poll(Duration.ofMillis(200)).forEach(first::add);
                return !first.isEmpty();
            });
            assertThat(first).hasSize(1);
            ConsumerRecord<String, String> held = first.get(0);
            assertThat(held.offset()).isZero();

            RecordAcks acks = new RecordAcks(holder);
            long t0 = System.nanoTime();
            RenewalSchedule schedule = new RenewalSchedule(LOCK, t0);
            int renewals = 0;
            // past the lock duration and through at least 4 renewals, however long each takes on a loaded machine
            // (a renewal is a commit and a poll: at 5 s intervals plus their own time, 4 may not fit in 21 s)
            long cap = Duration.ofSeconds(90).toNanos();
            while ((System.nanoTime() - t0 < LOCK.plusSeconds(6).toNanos() || renewals < 4)
                    && System.nanoTime() - t0 < cap) {
                if (schedule.due(System.nanoTime())) {
                    held = acks.renew(held, Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("lock lost"));
                    assertThat(held.offset()).isZero();
                    schedule.renewed(System.nanoTime());
                    renewals++;
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
            assertThat(renewals).isGreaterThanOrEqualTo(4);

            List<ConsumerRecord<String, String>> other = new CopyOnWriteArrayList<>();
            try (KafkaShareConsumer<String, String> late = consumer(group)) {
                late.subscribe(List.of(topic));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    for (ConsumerRecord<String, String> r : late.poll(Duration.ofMillis(200))) {
                        other.add(r);
                        late.acknowledge(r, AcknowledgeType.ACCEPT);
                    }
                    late.commitSync();
                    return other.size() >= 3;
                });
            }
            assertThat(other).extracting(ConsumerRecord::offset).containsExactlyInAnyOrder(1L, 2L, 3L);
            assertThat(other).allSatisfy(r -> assertThat(r.deliveryCount()).contains((short) 1));
            assertThat(held.deliveryCount()).contains((short) 1);
            assertThat(acks.acknowledge(held, Ack.ACCEPT)).isTrue();
        }
    }

    private static AlterConfigOp set(String key, String value) {
        return new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
    }

    private static KafkaShareConsumer<String, String> consumer(String group) {
        return new KafkaShareConsumer<>(
                KafkaSettings.oneAtATimeShareConsumer(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()), group, "record-acks-it"),
                new StringDeserializer(),
                new StringDeserializer());
    }
}
