package io.darkroom.process.service;

import java.awt.FontMetrics;
import java.awt.Graphics2D;

/** Text for Java2D captions (contact sheet, approval preview): one line, cut with an ellipsis to fit a width. */
final class TextFit {

    private TextFit() {}

    static String fit(Graphics2D g, String text, int maxWidth) {
        FontMetrics fm = g.getFontMetrics();
        String t = text.replaceAll("[\\r\\n\\t]+", " ");
        if (fm.stringWidth(t) <= maxWidth) {
            return t;
        }
        while (!t.isEmpty() && fm.stringWidth(t + "…") > maxWidth) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }
}
