package io.darkroom.ingest.domain;

/**
 * What is wrong with one field of a job request. The name travels to the client as {@code "problem"}; the rest
 * layer maps {@link #MALFORMED_JSON}, {@link #WRONG_TYPE} and {@link #INVALID_HEADER} to 400, everything else to 422.
 */
public enum Problem {
    /** The body is not JSON, is empty, or is not a JSON object. */
    MALFORMED_JSON,
    /** A field the API does not take from a request (who submits comes from the token, not {@code submittedBy}). */
    NOT_ACCEPTED,
    /** A value has the wrong JSON type (e.g. {@code "priority": "high"}). */
    WRONG_TYPE,
    /** A request header has an unusable value (e.g. a blank or overlong {@code Idempotency-Key}). */
    INVALID_HEADER,
    /** A required value is absent, null, blank, or an empty list. */
    MISSING,
    /** A list is longer than allowed (more than 1000 sources, more than 16 outputs). */
    TOO_MANY,
    /** A text is longer than allowed. */
    TOO_LONG,
    /** A number lies outside its allowed range. */
    OUT_OF_RANGE,
    /** A text setting names none of its allowed values (e.g. {@code "approval": "maybe"}). */
    UNKNOWN_VALUE,
    /** A name does not match its pattern, or contains control characters. */
    INVALID_NAME,
    /** The same output name or the same source appears twice. */
    DUPLICATE,
    /** The pool is not one of the configured pools. */
    UNKNOWN_POOL,
    /** The preset is not one of {@code Preset.ids()}. */
    UNKNOWN_PRESET,
    /** A setting that the chosen preset has no use for (crf on a lossless preset). */
    NOT_APPLICABLE,
    /** The storage root name is not configured on this node. */
    UNKNOWN_ROOT,
    /** The path is absolute, climbs out with {@code ..}, or follows a symbolic link out of its root. */
    ESCAPES_ROOT,
    /** Nothing exists at the path. */
    NOT_FOUND,
    /** The path exists but is not a regular file (a folder, a device). */
    NOT_A_FILE,
    /** FFmpeg does not read the file as media. */
    NOT_MEDIA,
    /** The file is media but has no video stream. */
    NO_VIDEO,
    /** The probe could not finish (timed out). */
    PROBE_FAILED,
    /** An op is not allowed where it is (deinterlace not first, two toneMaps, a bad burn-in template, a LUT/CDL
     *  file of the wrong kind, more than 32 ops). */
    INVALID_OP,
    /** The {@code "op"} name is not one of the known ops (with {@code allowed}). */
    UNKNOWN_OP,
    /** Two settings exclude each other (CDL values and a CDL file; a CDL id without a file). */
    CONFLICT,
    /** An upscale op names a model the registry does not hold ({@code GET /models} lists them). */
    UNKNOWN_MODEL,
    /** A .cube file does not parse. */
    BAD_LUT,
    /** A .cdl / .cc / .ccc file does not parse or lacks the ColorCorrection id. */
    BAD_CDL
}
