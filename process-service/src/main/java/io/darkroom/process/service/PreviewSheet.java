package io.darkroom.process.service;

import io.darkroom.models.upscale.RgbImage;
import io.darkroom.process.domain.Approval.Score;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One approval preview image: three panels of the same size side by side — the source (each pixel repeated
 * {@code scale} times, so nothing is invented), lanczos3 and the model — with a label on each panel and a caption
 * strip below naming the clip, the frame and the scores of this frame. Pixels are the clipped upscaler outputs
 * rounded to 8 bits (PNG); the scores were computed before rounding.
 */
final class PreviewSheet {
    static final int CAPTION_HEIGHT = 56;

    private PreviewSheet() {}

    /** The width of a sheet whose panels are {@code panelWidth} wide. */
    static int width(int panelWidth) {
        return 3 * panelWidth;
    }

    static BufferedImage compose(
            RgbImage source,
            RgbImage lanczos,
            RgbImage model,
            int scale,
            String modelName,
            String caption,
            List<Score> scores) {
        int pw = lanczos.width();
        int ph = lanczos.height();
        if (model.width() != pw
                || model.height() != ph
                || source.width() * scale != pw
                || source.height() * scale != ph) {
            throw new IllegalArgumentException("panels differ in size: source " + source.width() + "x"
                    + source.height() + " x" + scale + ", lanczos " + pw + "x" + ph + ", model " + model.width() + "x"
                    + model.height());
        }
        BufferedImage sheet = new BufferedImage(width(pw), ph + CAPTION_HEIGHT, BufferedImage.TYPE_INT_RGB);
        paintNearest(sheet, source, scale, 0);
        paint(sheet, lanczos, pw);
        paint(sheet, model, 2 * pw);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            label(g, "source (nearest x" + scale + ")", 0);
            label(g, "lanczos3", pw);
            label(g, modelName + " (AI)", 2 * pw);
            g.setColor(new Color(24, 24, 24));
            g.fillRect(0, ph, sheet.getWidth(), CAPTION_HEIGHT);
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(TextFit.fit(g, caption, sheet.getWidth() - 16), 8, ph + 20);
            g.setColor(Color.LIGHT_GRAY);
            g.drawString(TextFit.fit(g, scoreLine(scale, scores), sheet.getWidth() - 16), 8, ph + 42);
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** "shrunk x2 and upscaled back, vs this frame: model 29.87 dB / SSIM 0.8895 · lanczos3 ..." */
    static String scoreLine(int scale, List<Score> scores) {
        StringBuilder sb = new StringBuilder("this frame shrunk x" + scale + " and upscaled back, vs the original:");
        String sep = " ";
        for (Score s : scores) {
            sb.append(sep).append(String.format(Locale.ROOT, "%s %.2f dB / SSIM %.4f", s.method(), s.psnr(), s.ssim()));
            sep = "  ·  ";
        }
        return sb.toString();
    }

    /** Writes a PNG through a {@code .part} file, so a reader never sees half an image. */
    static void writePng(BufferedImage image, Path target) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            if (!javax.imageio.ImageIO.write(image, "png", part.toFile())) {
                throw new IOException("no PNG writer");
            }
            Files.move(part, target);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static void paint(BufferedImage sheet, RgbImage img, int x0) {
        int[] codes = img.toCodes(8);
        int w = img.width();
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < w; x++) {
                int i = 3 * (y * w + x);
                sheet.setRGB(x0 + x, y, (codes[i] << 16) | (codes[i + 1] << 8) | codes[i + 2]);
            }
        }
    }

    private static void paintNearest(BufferedImage sheet, RgbImage img, int scale, int x0) {
        int[] codes = img.toCodes(8);
        int w = img.width();
        for (int y = 0; y < img.height() * scale; y++) {
            for (int x = 0; x < w * scale; x++) {
                int i = 3 * ((y / scale) * w + x / scale);
                sheet.setRGB(x0 + x, y, (codes[i] << 16) | (codes[i + 1] << 8) | codes[i + 2]);
            }
        }
    }

    private static void label(Graphics2D g, String text, int x) {
        FontMetrics fm = g.getFontMetrics();
        g.setColor(new Color(0, 0, 0, 170));
        g.fillRect(x + 6, 6, fm.stringWidth(text) + 12, fm.getHeight() + 6);
        g.setColor(Color.WHITE);
        g.drawString(text, x + 12, 9 + fm.getAscent());
    }
}
