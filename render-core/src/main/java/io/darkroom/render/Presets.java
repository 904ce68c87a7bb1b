package io.darkroom.render;

import io.darkroom.contracts.FailureReason;
import io.darkroom.contracts.Preset;
import io.darkroom.contracts.RenderTask;

/** Preset lookup with a classified failure. */
final class Presets {
    private Presets() {}

    static Preset require(String id, RenderTask task) throws RenderException {
        return Preset.byId(id)
                .orElseThrow(() -> new RenderException(
                        FailureReason.UNSUPPORTED,
                        "unknown preset '" + id + "' in task " + task.taskId() + " (known: " + Preset.ids() + ")",
                        null));
    }
}
