package io.darkroom.worker.service;

import io.darkroom.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who this worker is: {@code darkroom.worker.id}, or hostname + "-" + pid. */
@ApplicationScoped
public class WorkerIdentity {
    private final String host;
    private final String workerId;

    public WorkerIdentity(WorkerConfig config) {
        this.host = hostName();
        this.workerId = config.worker()
                .id()
                .filter(s -> !s.isBlank())
                .orElse(host + "-" + ProcessHandle.current().pid());
        if (!workerId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("darkroom.worker.id must be letters, digits, '.', '_' or '-' (it is part"
                    + " of output file names), got '" + workerId + "'");
        }
    }

    public String workerId() {
        return workerId;
    }

    public String host() {
        return host;
    }

    static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
