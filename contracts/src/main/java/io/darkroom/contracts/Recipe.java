package io.darkroom.contracts;

import java.util.List;

/**
 * What to make from each source: one or more outputs. Validated by ingest-service at submit time.
 *
 * @param outputs       the outputs, each written for every clip of the job
 * @param segmentFrames frames per render segment; null = the process-service default
 */
public record Recipe(List<OutputSpec> outputs, Integer segmentFrames) {
}
