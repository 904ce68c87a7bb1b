package io.darkroom.worker.rest;

import io.darkroom.worker.service.WorkerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Health of the worker: ready once every slot's consumer is in the share group; live while no slot died. */
public final class WorkerHealth {

    private WorkerHealth() {}

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final WorkerStatus status;

        public Ready(WorkerStatus status) {
            this.status = status;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("render-worker slots")
                    .status(status.allSlotsJoined() && !status.stopping())
                    .withData("slots", status.slots())
                    .withData("busy", status.busy())
                    .withData("state", status.state().name())
                    .build();
        }
    }

    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        private final WorkerStatus status;

        public Live(WorkerStatus status) {
            this.status = status;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("render-worker")
                    .status(status.noSlotDied())
                    .withData("slotsRunning", status.slotsRunning())
                    .build();
        }
    }
}
