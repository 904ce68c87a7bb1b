package io.darkroom.recipe;

/**
 * The one vocabulary of request problems: what is wrong with one field of a request, in every service's error body
 * ({@link ApiError#problem()}), in the planner's refusals and in storage / probe exceptions. {@link #status()} is the
 * HTTP status an answer made of this problem alone gets.
 */
public enum Problem {
    /** The body is not JSON, is empty, or is not a JSON object. */
    MALFORMED_JSON(400),
    /** A field the API does not take from a request: who submits or approves comes from the token, never from
     *  {@code submittedBy}, {@code approvedBy} or {@code by} in the body. */
    NOT_ACCEPTED(422),
    /** A value has the wrong JSON type (e.g. {@code "priority": "high"}, or {@code 2.5} for a whole number). */
    WRONG_TYPE(400),
    /**
     * A request names a field its object does not have (a misspelling such as {@code maxWidht}): refused, with the
     * fields the object has in {@code allowed}, rather than ignored (the output would silently lack what was asked).
     */
    UNKNOWN_FIELD(422),
    /** A request header has an unusable value (e.g. a blank or overlong {@code Idempotency-Key}). */
    INVALID_HEADER(400),
    /** A path parameter is malformed (e.g. a job id that is not a UUID). */
    MALFORMED_ID(400),
    /** A required value is absent, null, blank, or an empty list. */
    MISSING(422),
    /** A list is longer than allowed (more than 1000 sources, more than 16 outputs). */
    TOO_MANY(422),
    /** A text is longer than allowed. */
    TOO_LONG(422),
    /** A number lies outside its allowed range, or a list has the wrong length. */
    OUT_OF_RANGE(422),
    /** A text setting names none of its allowed values (e.g. {@code "approval": "maybe"}). */
    UNKNOWN_VALUE(422),
    /** A name does not match its pattern, or contains control characters. */
    INVALID_NAME(422),
    /** The same output name or the same source appears twice. */
    DUPLICATE(422),
    /** The pool is not one of the configured pools. */
    UNKNOWN_POOL(422),
    /** The preset is not one of {@code Preset.ids()}. */
    UNKNOWN_PRESET(422),
    /** A setting that does not apply here (crf on a lossless preset, previewFrames without an approval gate). */
    NOT_APPLICABLE(422),
    /** The output's final size (after every op) is one the preset's encoder refuses (DNxHR below 256x120). */
    PRESET_LIMIT(422),
    /** The job asks more than the site's budgets allow (output or source pixels, tasks per job). */
    OVER_BUDGET(422),
    /** The storage root name is not configured on this node. */
    UNKNOWN_ROOT(422),
    /** The path is absolute, climbs out with {@code ..}, or follows a symbolic link out of its root. */
    ESCAPES_ROOT(422),
    /**
     * The root's mode forbids this use: a destination outside the writable roots, or a source, file reference or
     * destination in an internal root (the service's own folders).
     */
    ROOT_NOT_ALLOWED(422),
    /** Nothing exists at the path, or no such resource (an unknown job). */
    NOT_FOUND(404),
    /** The path exists but is not a regular file (a folder, a device). */
    NOT_A_FILE(422),
    /** FFmpeg does not read the file as media. */
    NOT_MEDIA(422),
    /** The file is media but has no video stream. */
    NO_VIDEO(422),
    /** The probe could not finish (timed out). */
    PROBE_FAILED(422),
    /** An op is not allowed where it is (deinterlace not first, two toneMaps, a bad burn-in template, a file of the
     *  wrong kind, more than 32 ops). */
    INVALID_OP(422),
    /** The {@code "op"} name is not one of the known ops (with {@code allowed}). */
    UNKNOWN_OP(422),
    /** Two settings exclude each other (CDL values and a CDL file; a CDL id without a file; gpu outside the gpu
     *  pool). */
    CONFLICT(422),
    /** An upscale op names a model the registry does not hold ({@code GET /models} lists them). */
    UNKNOWN_MODEL(422),
    /** A .cube file does not parse. */
    BAD_LUT(422),
    /** A .cdl / .cc / .ccc file does not parse or lacks the ColorCorrection id. */
    BAD_CDL(422),
    /** A watermarkImage file is not a PNG / JPEG picture FFmpeg decodes. */
    BAD_IMAGE(422),
    /** A value of a control request is unusable (an unknown approval method, a rejection without a note). */
    INVALID_VALUE(422),
    /** The request carries no valid token (missing, expired, forged, unknown issuer), or a sign-in was refused. */
    UNAUTHORIZED(401),
    /** The caller's roles do not allow the request ({@code allowed}: the roles that would), or a rule beyond roles
     *  does (separation of duties, own jobs only). */
    FORBIDDEN(403),
    /** The resource already exists (a built-in user of that name). */
    ALREADY_EXISTS(409),
    /** The resource is not in a state that allows the request (cancel a finished job). */
    WRONG_STATE(409),
    /** The caller's Idempotency-Key was already used for a different request (another body): the first job stands. */
    IDEMPOTENCY_CONFLICT(409),
    /** A feature this request needs is switched off on this node (built-in users with OIDC only). */
    NOT_ENABLED(503),
    /** The message broker did not confirm; nothing was accepted. Retry later. */
    QUEUE_UNAVAILABLE(503),
    /** An unexpected error; the body names an incident id found in the service's log. */
    INTERNAL(500);

    private final int status;

    Problem(int status) {
        this.status = status;
    }

    /** The HTTP status of an answer about this problem alone. */
    public int status() {
        return status;
    }

    /** Something that names its problem in this vocabulary: a storage or probe exception. */
    public interface Named {
        Problem problem();
    }

    /** A syntax problem of the request (400) rather than a broken rule (422). */
    public boolean syntax() {
        return status == 400;
    }
}
