package io.darkroom.process.domain;

import java.util.UUID;

/**
 * A file made for a whole job once its clips ended (table job_artifacts).
 *
 * @param kind   {@link #POSTER}, {@link #CONTACT_SHEET}, {@link #ALE}, {@link #PROVENANCE} or {@link #PREVIEW}
 * @param clipId the clip of a poster or manifest; null for the job-wide ones
 * @param path   absolute path
 */
public record ArtifactRow(String kind, UUID clipId, String path) {
    public static final String POSTER = "poster";
    public static final String CONTACT_SHEET = "contactSheet";
    public static final String ALE = "ale";
    /** The signed provenance manifest beside one output ({@code <output>.provenance.json}); clipId names its clip. */
    public static final String PROVENANCE = "provenance";
    /** An approval preview image (source | lanczos | model), made while the job waited for approval. */
    public static final String PREVIEW = "preview";
}
