package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.server.common.Feature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStackIT {
    @TempDir
    static Path dir;

    static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = LocalStack.start(dir);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void brokerHasShareGroupsAndSurvivesRestart() throws Exception {
        String bootstrap = stack.kafka().bootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            var features = admin.describeFeatures().featureMetadata().get();
            assertThat(features.finalizedFeatures()
                            .get(Feature.SHARE_VERSION.featureName())
                            .maxVersionLevel())
                    .isGreaterThanOrEqualTo((short) 1);
            admin.createTopics(List.of(new NewTopic("smoke", 1, (short) 1)))
                    .all()
                    .get();
        }
        stack.kafka().restart();
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        p.put("delivery.timeout.ms", "60000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            var meta = producer.send(new ProducerRecord<>("smoke", "k", "v")).get();
            assertThat(meta.offset()).isZero();
        }
    }

    @Test
    void postgresAnswers() throws Exception {
        try (Connection c = DriverManager.getConnection(stack.postgres().jdbcUrl(), "postgres", "postgres");
                ResultSet rs = c.createStatement().executeQuery("SELECT current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("darkroom");
        }
        assertThat(stack.serviceConfig())
                .containsKeys("kafka.bootstrap.servers", "quarkus.datasource.jdbc.url", "darkroom.storage.roots.media");
        assertThat(stack.storageRoot("media").resolve("timecode")).isDirectory();
    }
}
