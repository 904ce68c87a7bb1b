package io.darkroom.recipe.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads Adobe / Resolve {@code .cube} files: {@code TITLE}, {@code LUT_1D_SIZE}, {@code LUT_3D_SIZE},
 * {@code DOMAIN_MIN} / {@code DOMAIN_MAX}, {@code LUT_1D_INPUT_RANGE} / {@code LUT_3D_INPUT_RANGE}, {@code #}
 * comments and blank lines; keywords before the data. With both sizes (a Resolve shaper LUT) the first
 * {@code LUT_1D_SIZE} data lines are the 1D shaper, the rest the 3D table, and the input ranges come from the
 * {@code *_INPUT_RANGE} lines ({@code DOMAIN_*} is refused there: it would be ambiguous). Unknown keywords are
 * refused rather than ignored, since they may change the meaning of the table. Every error names the line.
 */
public final class CubeParser {
    static final int MAX_1D = 65536;
    static final int MAX_3D = 256;

    private CubeParser() {}

    public static CubeLut parse(Path file) throws OpsException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OpsException(file.getFileName() + ": cannot read: " + e.getMessage(), true, e);
        }
        return parse(file.getFileName().toString(), lines);
    }

    public static CubeLut parse(String name, List<String> lines) throws OpsException {
        return new State(name).run(lines);
    }

    private static final class State {
        private final String name;
        private String title;
        private int size1 = -1;
        private int size3 = -1;
        private double[] domainMin;
        private double[] domainMax;
        private double[] range1;
        private double[] range3;
        private float[] data;
        private int rows;
        private int expectedRows;
        private int lineNo;

        State(String name) {
            this.name = name;
        }

        CubeLut run(List<String> lines) throws OpsException {
            for (String raw : lines) {
                lineNo++;
                String line = stripComment(raw).strip();
                if (line.isEmpty()) {
                    continue;
                }
                char c = line.charAt(0);
                if (Character.isLetter(c)
                        && !line.regionMatches(true, 0, "nan", 0, 3)
                        && !line.regionMatches(true, 0, "inf", 0, 3)) {
                    keyword(line);
                } else {
                    row(line);
                }
            }
            return finish();
        }

        private void keyword(String line) throws OpsException {
            if (data != null) {
                throw error("keyword after the data: " + abbreviate(line));
            }
            String[] t = line.split("\\s+");
            String key = t[0].toUpperCase(Locale.ROOT);
            switch (key) {
                case "TITLE" -> title = title(line);
                case "LUT_1D_SIZE" -> size1 = size(t, 2, MAX_1D);
                case "LUT_3D_SIZE" -> size3 = size(t, 2, MAX_3D);
                case "DOMAIN_MIN" -> domainMin = numbers(t, 3);
                case "DOMAIN_MAX" -> domainMax = numbers(t, 3);
                case "LUT_1D_INPUT_RANGE" -> range1 = numbers(t, 2);
                case "LUT_3D_INPUT_RANGE" -> range3 = numbers(t, 2);
                default -> throw error("unknown keyword " + abbreviate(t[0]));
            }
        }

        private void row(String line) throws OpsException {
            if (data == null) {
                if (size1 < 0 && size3 < 0) {
                    throw error("data before LUT_1D_SIZE or LUT_3D_SIZE");
                }
                long n = (size1 > 0 ? size1 : 0) + (size3 > 0 ? (long) size3 * size3 * size3 : 0);
                expectedRows = (int) n;
                data = new float[expectedRows * 3];
            }
            String[] t = line.split("\\s+");
            if (t.length != 3) {
                throw error("expected 3 numbers (R G B), found " + t.length + ": " + abbreviate(line));
            }
            if (rows >= expectedRows) {
                throw error("more data lines than announced (" + describeCount() + ")");
            }
            for (int i = 0; i < 3; i++) {
                data[rows * 3 + i] = (float) number(t[i]);
            }
            rows++;
        }

        private CubeLut finish() throws OpsException {
            if (data == null) {
                lineNo = Math.max(lineNo, 1);
                throw error("no data lines" + (size1 < 0 && size3 < 0 ? " and no LUT_1D_SIZE / LUT_3D_SIZE" : ""));
            }
            if (rows != expectedRows) {
                throw error("end of file after " + rows + " data lines, expected " + describeCount());
            }
            boolean both = size1 > 0 && size3 > 0;
            if (both && (domainMin != null || domainMax != null)) {
                throw error("DOMAIN_MIN / DOMAIN_MAX with both a 1D and a 3D section is ambiguous:"
                        + " use LUT_1D_INPUT_RANGE and LUT_3D_INPUT_RANGE");
            }
            double[] min = domainMin != null ? domainMin : new double[] {0, 0, 0};
            double[] max = domainMax != null ? domainMax : new double[] {1, 1, 1};
            CubeLut.Table1d shaper = null;
            CubeLut.Table3d cube = null;
            int offset = 0;
            if (size1 > 0) {
                double[][] r = range(range1, min, max, "LUT_1D_INPUT_RANGE");
                float[] v = java.util.Arrays.copyOfRange(data, 0, size1 * 3);
                shaper = new CubeLut.Table1d(size1, v, r[0], r[1]);
                offset = size1 * 3;
            }
            if (size3 > 0) {
                double[][] r = range(range3, min, max, "LUT_3D_INPUT_RANGE");
                float[] v = java.util.Arrays.copyOfRange(data, offset, data.length);
                cube = new CubeLut.Table3d(size3, v, r[0], r[1]);
            }
            return new CubeLut(title, shaper, cube);
        }

        private double[][] range(double[] explicit, double[] min, double[] max, String key) throws OpsException {
            double[] lo = explicit != null ? new double[] {explicit[0], explicit[0], explicit[0]} : min;
            double[] hi = explicit != null ? new double[] {explicit[1], explicit[1], explicit[1]} : max;
            for (int c = 0; c < 3; c++) {
                if (!(hi[c] > lo[c])) {
                    throw new OpsException(
                            name + ": input range of channel " + "RGB".charAt(c) + " is empty (" + lo[c] + " .. "
                                    + hi[c] + ", from " + (explicit != null ? key : "DOMAIN_MIN/MAX") + ")",
                            true,
                            null);
                }
            }
            return new double[][] {lo, hi};
        }

        private String describeCount() {
            if (size1 > 0 && size3 > 0) {
                return expectedRows + " (" + size1 + " for the 1D shaper + " + size3 + "^3 for the 3D table)";
            }
            return size1 > 0 ? size1 + " (LUT_1D_SIZE)" : expectedRows + " (" + size3 + "^3, LUT_3D_SIZE)";
        }

        private String title(String line) throws OpsException {
            String rest = line.substring(5).strip();
            if (rest.length() >= 2 && rest.startsWith("\"") && rest.endsWith("\"")) {
                return rest.substring(1, rest.length() - 1);
            }
            if (rest.startsWith("\"")) {
                throw error("TITLE without closing quote");
            }
            return rest;
        }

        private int size(String[] t, int min, int max) throws OpsException {
            if (t.length != 2) {
                throw error(t[0] + " takes one number, found " + (t.length - 1));
            }
            int n;
            try {
                n = Integer.parseInt(t[1]);
            } catch (NumberFormatException e) {
                throw error(t[0] + " is not an integer: " + abbreviate(t[1]));
            }
            if (n < min || n > max) {
                throw error(t[0] + " " + n + " is outside " + min + ".." + max);
            }
            if ((t[0].equalsIgnoreCase("LUT_1D_SIZE") ? size1 : size3) >= 0) {
                throw error(t[0] + " given twice");
            }
            return n;
        }

        private double[] numbers(String[] t, int count) throws OpsException {
            if (t.length != count + 1) {
                throw error(t[0] + " takes " + count + " numbers, found " + (t.length - 1));
            }
            double[] v = new double[count];
            for (int i = 0; i < count; i++) {
                v[i] = number(t[i + 1]);
            }
            return v;
        }

        private double number(String s) throws OpsException {
            try {
                double v = Double.parseDouble(s);
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error("not a finite number: " + abbreviate(s));
        }

        private OpsException error(String message) {
            return new OpsException(name + " line " + lineNo + ": " + message, true, null);
        }
    }

    /** Removes a {@code #} comment, except inside a quoted TITLE. */
    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '#' && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static String abbreviate(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }
}
