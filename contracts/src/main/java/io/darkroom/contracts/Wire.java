package io.darkroom.contracts;

/**
 * How messages evolve on the wire. Each message type that carries a {@code schema} number states its current one
 * ({@code JobSubmitted.SCHEMA}, {@code RenderTask.SCHEMA}); a field added (to the message or to a record it carries)
 * bumps it, with a recorded message of the new version under {@code contracts/src/test/resources/wire/<Type>/v<N>.json}
 * ({@code WireCompatibilityTest} reads every recorded version). Readers accept the current and the previous version
 * (a field the previous version lacks reads as null and has a documented default), so producers and consumers can be
 * upgraded one at a time. Anything older or newer is refused by name by the worker ({@code TaskParser}); the planner
 * logs it and reads it anyway (a submission is not dropped).
 *
 * <p>History. JobSubmitted 1: sources, recipe (outputs, segmentFrames, ops, show), destination; 2: {@code jobDate},
 * recipe {@code nameTemplate}, {@code approval}, {@code previewFrames}, outputs' {@code reference}, the
 * authenticated {@code submitter} ({@link Actor}; issue 10 added it while 2 was not yet released, so it is part of 2
 * rather than a 3: main's producers still write 1, which readers of 2 accept). RenderTask 1: the
 * segment and its outputs; 2: outputs' {@code ops} and the burn-in context ({@code clipName}, {@code show},
 * {@code jobDate}, {@code sourceTimecode}). Version 3 of both (issue 12, anamorphic sources and display matrices):
 * JobSubmitted recipe {@code desqueeze}, {@code vbiCrop}, outputs' {@code keepAnamorphic}, media {@code mirrored};
 * RenderTask {@code picture} ({@link SourcePicture}: VBI crop, pixel aspect, reflection; null = as decoded) and
 * outputs' {@code sampleAspect} (null = 1:1). Also within JobSubmitted 3, optional (issue 12, damaged sources):
 * recipe {@code damagedSource} (null = salvage) and media {@code damage} (null = intact); readers ignore unknown
 * properties, so a reader from before them reads such a message as a salvaging one. Issue 13, optional within 3 as
 * well: {@code requestSha256}, the hash of the request an Idempotency-Key stands for (null = unknown, a repeat of such
 * a job is taken as the same request).
 * Also optional within 3 (issue 13, trusted models): the {@code upscale} op's {@code sha256} pin (null = unpinned)
 * and RenderTask outputs' {@code modelSha256}, the catalog's hash of the model file the worker must run (null = a
 * planner from before it).
 */
public final class Wire {

    private Wire() {}

    /** Whether a reader at version {@code current} reads a message of version {@code schema}. */
    public static boolean readable(int schema, int current) {
        return schema == current || schema == current - 1;
    }

    /**
     * @throws IllegalArgumentException naming the type and both versions when the message is not {@link #readable}
     */
    public static void requireReadable(String type, int schema, int current) {
        if (!readable(schema, current)) {
            throw new IllegalArgumentException(
                    type + " has schema " + schema + "; this reader reads " + (current - 1) + " and " + current);
        }
    }
}
