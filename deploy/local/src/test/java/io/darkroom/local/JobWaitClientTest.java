package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the CLI waits for a job ({@link DarkroomClient#awaitTerminal}), against a stand-in for process-service's
 * {@code GET /jobs/{id}}: a job RUNNING for a while, then SUCCEEDED. With a server that holds a read while the state
 * named in {@code whileState} lasts, the client asks about once per wait and sees the end at once; with one that
 * ignores the parameters (an older process-service) it keeps to one read per 200 ms, never a busy loop.
 */
class JobWaitClientTest {
    private static final String JOB = "6f1f1a8e-0000-4000-8000-000000000001";

    private HttpServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves the job: RUNNING until {@code endsAt} (System.nanoTime), SUCCEEDED after; holding reads if asked to. */
    private DarkroomClient serve(long endsAt, boolean holds) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/jobs/" + JOB, exchange -> answer(exchange, endsAt, holds));
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return new DarkroomClient(url, url, "a-token");
    }

    private void answer(HttpExchange exchange, long endsAt, boolean holds) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        queries.add(query == null ? "" : query);
        Map<String, String> params = params(query);
        if (holds && "RUNNING".equals(params.get("whileState"))) {
            long until = Math.min(endsAt, System.nanoTime() + (long) (Double.parseDouble(params.get("wait")) * 1e9));
            while (System.nanoTime() < until) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        String state = System.nanoTime() >= endsAt ? "SUCCEEDED" : "RUNNING";
        byte[] body = ("{\"id\":\"" + JOB + "\",\"name\":\"wait\",\"state\":\"" + state + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static Map<String, String> params(String query) {
        Map<String, String> p = new HashMap<>();
        if (query != null) {
            for (String kv : query.split("&")) {
                String[] two = kv.split("=", 2);
                p.put(two[0], two.length > 1 ? URLDecoder.decode(two[1], StandardCharsets.UTF_8) : "");
            }
        }
        return p;
    }

    @Test
    void aHoldingServerIsAskedAboutOncePerWait() throws IOException {
        long endsAt = System.nanoTime() + Duration.ofMillis(2500).toNanos();
        DarkroomClient client = serve(endsAt, true);

        JobStatus job = client.awaitTerminal(JOB, Duration.ofSeconds(30), j -> {});

        assertThat(job.state()).isEqualTo("SUCCEEDED");
        // the first read plain, then reads that name the state they wait out
        assertThat(queries.get(0)).isEmpty();
        assertThat(queries.subList(1, queries.size())).allMatch(q -> q.startsWith("whileState=RUNNING&wait=1"));
        // 2.5 s of RUNNING at one read per second (polling every 200 ms would have been 13 reads)
        assertThat(queries).hasSizeBetween(3, 5);
    }

    /**
     * The JVM's exit waits up to 0.3 s for threads sitting in native code (Java 17's HttpClient keeps its selector
     * thread in epoll): a CLI command must leave none behind, or it pays that after its last line of output.
     */
    @Test
    void theClientLeavesNoThreadInNativeCode() throws IOException {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        DarkroomClient client = serve(System.nanoTime(), true);
        assertThat(client.awaitTerminal(JOB, Duration.ofSeconds(30), j -> {}).state())
                .isEqualTo("SUCCEEDED");
        server.stop(0);
        server = null;

        assertThat(Thread.getAllStackTraces().entrySet())
                .filteredOn(e -> !before.contains(e.getKey()) && e.getKey().isAlive())
                // in native code (I/O): RUNNABLE with a native top frame; parked and sleeping threads do not count
                .filteredOn(e -> e.getKey().getState() == Thread.State.RUNNABLE
                        && e.getValue().length > 0
                        && e.getValue()[0].isNativeMethod())
                .extracting(e -> e.getKey().getName() + " in " + e.getValue()[0])
                .isEmpty();
    }

    @Test
    void aServerThatDoesNotHoldIsReadAtThePollingPaceNeverFaster() throws IOException {
        long endsAt = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        DarkroomClient client = serve(endsAt, false);

        JobStatus job = client.awaitTerminal(JOB, Duration.ofSeconds(30), j -> {});

        assertThat(job.state()).isEqualTo("SUCCEEDED");
        // 1.5 s at one read per 200 ms: 8 or 9 reads, not hundreds
        assertThat(queries).hasSizeBetween(5, 10);
    }
}
