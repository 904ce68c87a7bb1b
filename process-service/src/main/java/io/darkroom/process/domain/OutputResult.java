package io.darkroom.process.domain;

import io.darkroom.media.qc.QcReport;

/**
 * One final output of a clip.
 *
 * @param name   recipe output name
 * @param preset preset id
 * @param path   absolute path of the file (chosen before assembly starts, so a restart reuses it)
 * @param qc     the verification report, null until verified
 */
public record OutputResult(String name, String preset, String path, QcReport qc) {

    public OutputResult withQc(QcReport report) {
        return new OutputResult(name, preset, path, report);
    }
}
