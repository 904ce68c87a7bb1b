package io.darkroom.process.domain;

import io.darkroom.contracts.MediaInfo;
import io.darkroom.contracts.RenderTask.RenderOutput;
import io.darkroom.contracts.SourceRef;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A clip as stored in the catalog.
 *
 * @param renderOutputs what every task of the clip renders (geometry fitted per output)
 * @param outputs       final outputs by output name, as far as assembly got
 */
public record ClipRow(
        UUID id,
        UUID jobId,
        int index,
        String clipName,
        SourceRef source,
        MediaInfo media,
        List<RenderOutput> renderOutputs,
        Map<String, OutputResult> outputs,
        ClipState state,
        String reason) {}
