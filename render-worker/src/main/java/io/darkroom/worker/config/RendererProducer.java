package io.darkroom.worker.config;

import io.darkroom.media.StorageRoots;
import io.darkroom.render.JavacvTaskRenderer;
import io.darkroom.render.TaskRenderer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The frame processing the worker runs: render-core's JavaCV renderer over the configured storage roots. */
@ApplicationScoped
public class RendererProducer {

    @Produces
    @ApplicationScoped
    TaskRenderer renderer(WorkerConfig config) {
        if (config.storage().roots().isEmpty()) {
            throw new IllegalArgumentException("darkroom.storage.roots is empty: name at least the roots tasks read"
                    + " from and write to (e.g. darkroom.storage.roots.media, darkroom.storage.roots.work)");
        }
        return new JavacvTaskRenderer(StorageRoots.of(config.storage().roots()));
    }
}
