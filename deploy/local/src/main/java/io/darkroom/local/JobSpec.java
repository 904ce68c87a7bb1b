package io.darkroom.local;

import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import java.util.List;

/**
 * A job file as the command line and the end-to-end tests submit it to ingest-service ({@code POST /jobs}).
 * Optional fields may be null: ingest fills its defaults (priority 50, pool cpu, destination out:&lt;jobId&gt;).
 */
public record JobSpec(
        String name, Integer priority, String pool, List<SourceRef> sources, Recipe recipe, SourceRef destination) {

    public JobSpec {
        sources = List.copyOf(sources);
    }
}
