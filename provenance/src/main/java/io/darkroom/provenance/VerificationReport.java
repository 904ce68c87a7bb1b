package io.darkroom.provenance;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of verifying one output against its manifest: every check made, in order.
 *
 * @param output   the output file verified
 * @param manifest the manifest as read; null when it could not be read or did not follow the schema
 * @param findings one line per check
 */
public record VerificationReport(Path output, Manifest manifest, List<Finding> findings) {

    public VerificationReport {
        findings = List.copyOf(findings);
    }

    /** True when no check failed: signature valid, key trusted or not pinned, output and reachable sources match. */
    public boolean ok() {
        return findings.stream().noneMatch(f -> f.status() == Status.FAILED);
    }

    public List<Finding> failures() {
        return findings.stream().filter(f -> f.status() == Status.FAILED).toList();
    }

    /** The report a person reads: one line per finding, then a verdict. */
    public String toText() {
        StringBuilder out = new StringBuilder("provenance of ").append(output).append('\n');
        for (Finding finding : findings) {
            out.append("  ")
                    .append(finding.status().label)
                    .append("  ")
                    .append(finding.message())
                    .append('\n');
        }
        long failed = failures().size();
        out.append(
                        failed == 0
                                ? "VERIFIED"
                                : "NOT VERIFIED: " + failed + (failed == 1 ? " check" : " checks") + " failed")
                .append('\n');
        return out.toString();
    }

    /** What a finding is about. */
    public enum Check {
        /** The manifest file: present, valid JSON, follows the schema. */
        MANIFEST,
        /** The Ed25519 signature over the canonical manifest bytes. */
        SIGNATURE,
        /** The signing key: its id matches the embedded key, and it is the trusted key when one is given. */
        KEY,
        /** The output file's name, size and sha256 against the manifest. */
        OUTPUT,
        /** A source file's size and sha256 against the manifest. */
        SOURCE
    }

    /** The result of one check. */
    public enum Status {
        /** Checked and matches. */
        OK("ok  "),
        /** Checked and does not match: the report is not ok. */
        FAILED("FAIL"),
        /** Worth knowing but not a mismatch (e.g. no trusted key given, output renamed): the report can still be ok. */
        WARNING("warn"),
        /** Could not be checked (e.g. the source is no longer reachable): the report can still be ok. */
        NOT_CHECKED("skip");

        private final String label;

        Status(String label) {
            this.label = label;
        }
    }

    /** One check's result, with a message saying exactly what matched or what differs. */
    public record Finding(Check check, Status status, String message) {
        static Finding ok(Check check, String message) {
            return new Finding(check, Status.OK, message);
        }

        static Finding failed(Check check, String message) {
            return new Finding(check, Status.FAILED, message);
        }

        static Finding warning(Check check, String message) {
            return new Finding(check, Status.WARNING, message);
        }

        static Finding notChecked(Check check, String message) {
            return new Finding(check, Status.NOT_CHECKED, message);
        }
    }
}
