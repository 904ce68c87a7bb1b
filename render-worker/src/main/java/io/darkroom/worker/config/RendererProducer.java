package io.darkroom.worker.config;

import io.darkroom.media.StorageRoots;
import io.darkroom.render.JavacvTaskRenderer;
import io.darkroom.render.TaskRenderer;
import io.darkroom.render.Upscalers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;

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
        StorageRoots roots = StorageRoots.of(config.storage().roots());
        // models are loaded once per worker process, on first use, and kept (Upscalers caches them)
        Upscalers upscalers = new Upscalers(
                config.models().dir().filter(d -> !d.isBlank()).map(Path::of).orElse(null));
        int threads = config.worker().renderThreads();
        if (threads < 0) {
            throw new IllegalArgumentException(
                    "darkroom.worker.render-threads must be 0 (FFmpeg's choice) or more, was " + threads);
        }
        return new JavacvTaskRenderer(
                roots,
                String.valueOf(threads),
                JavacvTaskRenderer.defaultOpsWorkDir(),
                upscalers,
                config.budgets().sourcePixels());
    }
}
