package io.darkroom.ingest.domain;

import io.darkroom.contracts.MediaInfo;
import java.nio.file.Path;

/**
 * Probes one file. The service passes {@code io.darkroom.media.Probe::probe}; it throws
 * {@link io.darkroom.media.ProbeException} for files that cannot serve as a source.
 */
@FunctionalInterface
public interface MediaProber {
    MediaInfo probe(Path file);
}
