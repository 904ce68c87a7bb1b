package io.darkroom.ingest.config;

import io.darkroom.contracts.Json;
import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.ingest.domain.WatchFolder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns {@code darkroom.watch.<name>.*} into {@link WatchFolder}s (after {@link IngestConfigValidator} passed). */
public final class WatchFolders {
    private WatchFolders() {}

    public static List<WatchFolder> of(IngestConfig config) {
        return new TreeMap<>(config.watch())
                .entrySet().stream().map(WatchFolders::of).toList();
    }

    static WatchFolder of(Map.Entry<String, IngestConfig.WatchFolderConfig> e) {
        IngestConfig.WatchFolderConfig w = e.getValue();
        Recipe recipe = w.recipe()
                .filter(r -> !r.isBlank())
                .map(r -> Json.readRequest(r, Recipe.class))
                .orElse(null);
        SourceRef destination = w.destination()
                .filter(d -> !d.isBlank())
                .map(WatchFolder::parseDestination)
                .orElse(null);
        return new WatchFolder(
                e.getKey(),
                new SourceRef(w.root(), w.path()),
                recipe,
                w.stableFor(),
                w.pollInterval(),
                w.pattern(),
                w.recursive(),
                w.priority(),
                w.pool(),
                destination);
    }
}
