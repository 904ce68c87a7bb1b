package io.darkroom.ingest.domain;

import io.darkroom.contracts.Recipe;
import io.darkroom.contracts.SourceRef;
import io.darkroom.contracts.Topics;
import java.util.List;

/**
 * The body of {@code POST /jobs}. Every field but {@code sources} and {@code recipe} may be left out; see
 * {@link #withDefaults(String)}.
 *
 * @param name        a label for people (default: the job id)
 * @param priority    0..100, higher runs first (default 50)
 * @param pool        worker pool (default {@code cpu})
 * @param submittedBy who asked (default {@code anonymous})
 * @param sources     the files to process, one clip each
 * @param recipe      what to make of every clip
 * @param destination where the finished outputs go (default root {@code out}, path = the job id)
 */
public record JobRequest(
        String name,
        Integer priority,
        String pool,
        String submittedBy,
        List<SourceRef> sources,
        Recipe recipe,
        SourceRef destination) {

    public static final int DEFAULT_PRIORITY = 50;
    public static final String DEFAULT_SUBMITTER = "anonymous";
    public static final String DEFAULT_DESTINATION_ROOT = "out";

    /** The request with every omitted optional field filled with its default. */
    public JobRequest withDefaults(String jobId) {
        String root =
                destination == null || isBlank(destination.root()) ? DEFAULT_DESTINATION_ROOT : destination.root();
        String path = destination == null || isBlank(destination.path()) ? jobId : destination.path();
        return new JobRequest(
                isBlank(name) ? jobId : name,
                priority == null ? DEFAULT_PRIORITY : priority,
                isBlank(pool) ? Topics.DEFAULT_POOL : pool,
                isBlank(submittedBy) ? DEFAULT_SUBMITTER : submittedBy,
                sources,
                recipe,
                new SourceRef(root, path));
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
