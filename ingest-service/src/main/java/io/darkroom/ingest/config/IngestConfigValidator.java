package io.darkroom.ingest.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Checks the values of {@link IngestConfig}; each problem names its key. Pure: unit-tested without Quarkus. */
public final class IngestConfigValidator {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    static final Duration MAX_SEND_TIMEOUT = Duration.ofMinutes(5);

    private IngestConfigValidator() {
    }

    public static List<String> problems(IngestConfig c) {
        List<String> out = new ArrayList<>();
        roots(c.storage().roots(), out);
        processUrl(c.processUrl(), out);
        pools(c.pools(), out);
        String topic = c.topics().jobsSubmitted();
        if (topic == null || !TOPIC.matcher(topic).matches()) {
            out.add("darkroom.topics.jobs-submitted: '" + topic + "' is not a legal Kafka topic name");
        }
        if (c.topics().partitions() < 1) {
            out.add("darkroom.topics.partitions: must be at least 1, got " + c.topics().partitions());
        }
        if (c.topics().replicationFactor() < 1) {
            out.add("darkroom.topics.replication-factor: must be at least 1, got " + c.topics().replicationFactor());
        }
        Duration t = c.kafka().sendTimeout();
        if (t.isNegative() || t.isZero() || t.compareTo(MAX_SEND_TIMEOUT) > 0) {
            out.add("darkroom.kafka.send-timeout: must be above 0 and at most 5m, got " + t);
        }
        return out;
    }

    private static void roots(Map<String, String> roots, List<String> out) {
        if (roots.isEmpty()) {
            out.add("darkroom.storage.roots: no storage root configured (e.g. darkroom.storage.roots.media=/mnt/media)");
        }
        roots.forEach((name, path) -> {
            if (!NAME.matcher(name).matches()) {
                out.add("darkroom.storage.roots." + name + ": root names are 1 to 32 characters of a-z, 0-9, '_', '-'");
            }
            if (path == null || path.isBlank()) {
                out.add("darkroom.storage.roots." + name + ": no path given");
            }
        });
    }

    private static void processUrl(String url, List<String> out) {
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute() || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                out.add("darkroom.process-url: '" + url + "' is not an absolute http(s) URL");
            }
        } catch (Exception e) {
            out.add("darkroom.process-url: '" + url + "' is not a URL");
        }
    }

    private static void pools(List<String> pools, List<String> out) {
        if (pools.isEmpty()) {
            out.add("darkroom.pools: at least one pool is needed");
        }
        var seen = new HashSet<String>();
        for (int i = 0; i < pools.size(); i++) {
            String p = pools.get(i);
            if (!NAME.matcher(p).matches()) {
                out.add("darkroom.pools[" + i + "]: '" + p + "' is not a pool name (1 to 32 of a-z, 0-9, '_', '-')");
            } else if (!seen.add(p)) {
                out.add("darkroom.pools[" + i + "]: '" + p + "' is listed twice");
            }
        }
    }
}
