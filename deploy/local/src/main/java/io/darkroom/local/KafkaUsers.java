package io.darkroom.local;

import io.darkroom.messaging.KafkaAcls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The SCRAM-SHA-512 users of a secured embedded broker: {@value #ADMIN} (the broker's own inter-broker principal, the
 * only super user; the stack creates the ACLs as it) and one principal per service ({@link KafkaAcls}). Passwords are
 * random, made once per state folder and kept in {@code kafka-users.properties} there (owner-only), so a restarted
 * stack finds its broker's users again.
 */
public final class KafkaUsers {
    public static final String ADMIN = "admin";
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The client side of the broker listener: SASL without TLS, on loopback only. */
    public static final String PROTOCOL = "SASL_PLAINTEXT";

    private static final List<String> USERS = List.of(ADMIN, KafkaAcls.INGEST, KafkaAcls.PROCESS, KafkaAcls.WORKER);

    private final Map<String, String> passwords;

    private KafkaUsers(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    /** The users of the broker whose state lives in {@code dir}: read from its file, or made and written there. */
    public static KafkaUsers in(Path dir) {
        Path file = dir.resolve("kafka-users.properties");
        Properties p = new Properties();
        try {
            Files.createDirectories(dir);
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    p.load(in);
                }
            }
            boolean added = false;
            SecureRandom random = new SecureRandom();
            for (String user : USERS) {
                if (p.getProperty(user) == null) {
                    byte[] secret = new byte[24];
                    random.nextBytes(secret);
                    p.setProperty(user, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
                    added = true;
                }
            }
            if (added) {
                Files.deleteIfExists(file);
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
                    p.store(out, "SCRAM-SHA-512 users of the embedded Kafka broker");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the Kafka users in " + file, e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        USERS.forEach(u -> m.put(u, p.getProperty(u)));
        return new KafkaUsers(m);
    }

    public String password(String user) {
        String pw = passwords.get(user);
        if (pw == null) {
            throw new IllegalArgumentException("no Kafka user " + user);
        }
        return pw;
    }

    /** Every user's name and password, for the broker's storage format ({@code --add-scram}). */
    Map<String, String> all() {
        return passwords;
    }

    /** The JAAS line a client of {@code user} logs in with. */
    public String jaas(String user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password(user) + "\";";
    }

    /** Plain Kafka client settings (no prefix) that sign in as {@code user}. */
    public Map<String, Object> clientSettings(String user) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("security.protocol", PROTOCOL);
        m.put("sasl.mechanism", MECHANISM);
        m.put("sasl.jaas.config", jaas(user));
        return m;
    }

    /** The same settings as Quarkus properties ({@code kafka.} prefix), for a service that signs in as {@code user}. */
    public Map<String, String> serviceConfig(String user) {
        Map<String, String> m = new LinkedHashMap<>();
        clientSettings(user).forEach((k, v) -> m.put("kafka." + k, v.toString()));
        return m;
    }
}
