package io.darkroom.contracts.ops;

/**
 * One thing wrong with a recipe's ops (or its approval settings, {@link io.darkroom.contracts.ApprovalRules}), for a
 * 422 response.
 *
 * @param field   JSON path of the offending value, e.g. {@code recipe.ops[2].slope[1]}
 * @param message what is wrong and what is allowed
 * @param code    machine-readable kind of problem: one of the constants below, or a storage problem name
 *                ({@code UNKNOWN_ROOT}, {@code ESCAPES_ROOT}, {@code NOT_FOUND}, {@code NOT_A_FILE}) for a file
 *                reference that does not resolve
 */
public record OpProblem(String field, String message, String code) {
    /** A required value (file root/path, CDL values) is absent. */
    public static final String MISSING = "MISSING";
    /** A number outside its range, or a list of the wrong length. */
    public static final String OUT_OF_RANGE = "OUT_OF_RANGE";
    /** An op that is not allowed where it is (deinterlace not first, two toneMaps, too many ops, a bad template,
     *  a file of the wrong kind). */
    public static final String INVALID_OP = "INVALID_OP";
    /** Two settings that exclude each other (CDL values and a CDL file; an id without a file). */
    public static final String CONFLICT = "CONFLICT";
    /** The .cube file does not parse. */
    public static final String BAD_LUT = "BAD_LUT";
    /** The .cdl / .cc / .ccc file does not parse, or has no ColorCorrection with the id. */
    public static final String BAD_CDL = "BAD_CDL";
    /** A watermarkImage file is not a PNG / JPEG image FFmpeg can read. */
    public static final String BAD_IMAGE = "BAD_IMAGE";
    /** A text setting names none of its allowed values (e.g. {@code "approval": "maybe"}). */
    public static final String UNKNOWN_VALUE = "UNKNOWN_VALUE";
    /** A setting that does not apply here (previewFrames without an approval gate, a gate without an upscale). */
    public static final String NOT_APPLICABLE = "NOT_APPLICABLE";
    /** An upscale op names a model the registry does not hold. */
    public static final String UNKNOWN_MODEL = "UNKNOWN_MODEL";

    /** A structural problem ({@link #INVALID_OP}); the constructor before codes existed. */
    public OpProblem(String field, String message) {
        this(field, message, INVALID_OP);
    }
}
