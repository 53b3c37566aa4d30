package ax650n.tuning.bench;

import ax650n.tuning.sys.Printable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench --plot FILE.svg}: one box plot per metric, stacked, a box per mode: box Q1-Q3,
 * a line at the median, whiskers to min and max, a dot per run; under each box the mode, n and
 * the jitter (p95 - min), above it the ratio of medians against the baseline with its 95 %
 * bootstrap interval. Plain SVG 1.1 written by this class (no dependency); every text from
 * outside (the command, a --metric regex) is XML-escaped.
 */
public final class BoxPlot {
    static final int WIDTH = 760;
    private static final int LEFT = 80;
    private static final int RIGHT = 24;
    private static final int HEADER = 58;
    private static final int PANEL_TOP = 56;
    private static final int PLOT_H = 220;
    private static final int PANEL_BOTTOM = 70;
    static final int PANEL_H = PANEL_TOP + PLOT_H + PANEL_BOTTOM;
    private static final String[] FILL = {"#9ecae1", "#fdae6b", "#a1d99b", "#bcbddc"};

    private BoxPlot() {
    }

    /**
     * Checks, before anything runs, that the plot can be written there: a name ending in
     * {@code .svg}, in an existing, writable directory, not a directory or special file itself.
     * IllegalArgumentException with one line otherwise.
     */
    public static void checkTarget(Path file) {
        Path name = file.getFileName();
        if (name == null || !name.toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            throw new IllegalArgumentException("the file name must end in .svg: '" + Printable.clip(file.toString()) + "'");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no directory " + Printable.clip(String.valueOf(dir)));
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("cannot write in the directory " + Printable.clip(dir.toString()));
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(Printable.clip(file.toString()) + " exists and is not a regular file");
        }
    }

    /** Renders the report and replaces {@code file} atomically (temporary file in the same directory, fsync, rename). */
    public static void write(BenchReport report, Path file) throws IOException {
        byte[] svg = render(report).getBytes(StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(svg);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The SVG's height in pixels for that many metrics. */
    public static int height(int metrics) {
        return HEADER + metrics * PANEL_H;
    }

    /** The SVG document. */
    public static String render(BenchReport report) {
        List<Metric> metrics = report.metrics().metrics();
        int height = height(metrics.size());
        StringBuilder s = new StringBuilder(8192);
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\""
                + " height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\""
                + " font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        s.append("<title>ax650n-tune bench: ").append(xml(String.join(" ", report.settings().command()), 200))
                .append("</title>\n");
        s.append(String.format(Locale.ROOT, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n",
                WIDTH, height));
        s.append("<text x=\"12\" y=\"20\" font-size=\"14\" font-weight=\"bold\">ax650n-tune bench: ")
                .append(xml(String.join(" ", report.settings().command()), 90)).append("</text>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"36\" fill=\"#444444\">%d run%s per mode; box Q1-Q3,"
                + " line median, whiskers min-max, dots the runs</text>%n", report.settings().runs(),
                report.settings().runs() == 1 ? "" : "s"));
        s.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"50\" fill=\"#444444\">ratio = median / median of %s"
                + " [95%% bootstrap interval]; jitter = p95 - min</text>%n",
                xml(report.settings().baseline().label(), 40)));
        for (int i = 0; i < metrics.size(); i++) {
            panel(s, report, metrics.get(i), i == 0, HEADER + i * PANEL_H);
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static void panel(StringBuilder s, BenchReport report, Metric metric, boolean ranking, int top) {
        List<BenchReport.ModeStats> stats = report.stats();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (BenchReport.ModeStats m : stats) {
            for (double v : report.values(m.mode(), metric.name())) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        s.append("<g>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-size=\"13\" font-weight=\"bold\">%s</text>%n",
                top + 24, xml(metric.title() + ", " + metric.direction() + (ranking ? ", ranks the modes" : ""), 110)));
        int plotTop = top + PANEL_TOP;
        int plotBottom = plotTop + PLOT_H;
        int plotW = WIDTH - LEFT - RIGHT;
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#999999\"/>%n", LEFT, plotTop, plotW, PLOT_H));
        if (lo > hi) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#aa0000\">"
                    + "no values of %s in any counted run</text>%n</g>%n", LEFT + plotW / 2, plotTop + PLOT_H / 2,
                    xml(metric.name(), 40)));
            return;
        }
        double[] axis = axis(lo, hi);
        if (axis == null) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#aa0000\">"
                    + "the values of %s span too wide a range to plot</text>%n</g>%n", LEFT + plotW / 2,
                    plotTop + PLOT_H / 2, xml(metric.name(), 40)));
            return;
        }
        double aLo = axis[0];
        double aHi = axis[1];
        double step = axis[2];
        int tickDecimals = (int) Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
        long ticks = Math.round((aHi - aLo) / step);
        for (long k = 0; k <= ticks; k++) {
            double t = aLo + k * step;
            double y = y(t, aLo, aHi, plotTop);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>%n",
                    LEFT, y, LEFT + plotW, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#444444\">%s</text>%n",
                    LEFT - 6, y + 4, String.format(Locale.ROOT, "%." + tickDecimals + "f", t)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" fill=\"#444444\" transform=\"rotate(-90 16 %d)\""
                + " text-anchor=\"middle\">%s</text>%n", plotTop + PLOT_H / 2, plotTop + PLOT_H / 2,
                xml(metric.unit().isEmpty() ? metric.name() : metric.unit(), 20)));
        double slot = (double) plotW / stats.size();
        double boxW = Math.min(70, slot * 0.4);
        for (int i = 0; i < stats.size(); i++) {
            BenchReport.ModeStats m = stats.get(i);
            BenchReport.MetricStats ms = m.metric(metric.name());
            Summary sum = ms.summary();
            double cx = LEFT + slot * (i + 0.5);
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">"
                    + "%s</text>%n", cx, plotBottom + 18, xml(m.mode().label(), 30)));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#444444\">"
                    + "n=%d%s</text>%n", cx, plotBottom + 34, sum.n(),
                    sum.n() == 0 ? "" : ", jitter " + metric.format(sum.jitter())));
            RatioEstimate r = ms.ratio();
            String ratio = r == null ? "baseline" : !r.defined() ? "ratio n/a"
                    : String.format(Locale.ROOT, "ratio %.3f [%s, %s]", r.ratio(), num3(r.low()), num3(r.high()));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#000000\">"
                    + "%s</text>%n", cx, plotTop - 6, xml(ratio, 60)));
            if (sum.n() == 0) {
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#aa0000\">"
                        + "no values</text>%n", cx, plotTop + PLOT_H / 2));
                continue;
            }
            String fill = FILL[i % FILL.length];
            double yMin = y(sum.min(), aLo, aHi, plotTop);
            double yMax = y(sum.max(), aLo, aHi, plotTop);
            double yQ1 = y(sum.q1(), aLo, aHi, plotTop);
            double yQ3 = y(sum.q3(), aLo, aHi, plotTop);
            double yMed = y(sum.median(), aLo, aHi, plotTop);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333333\"/>%n",
                    cx, yMin, cx, yMax));
            for (double yy : new double[] {yMin, yMax}) {
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
                        + " stroke=\"#333333\"/>%n", cx - boxW / 4, yy, cx + boxW / 4, yy));
            }
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\""
                    + " stroke=\"#333333\"/>%n", cx - boxW / 2, yQ3, boxW, Math.max(1.0, yQ1 - yQ3), fill));
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000000\""
                    + " stroke-width=\"2.5\"/>%n", cx - boxW / 2, yMed, cx + boxW / 2, yMed));
            double[] values = report.values(m.mode(), metric.name());
            for (int k = 0; k < values.length; k++) {
                double dx = values.length == 1 ? 0 : (k / (values.length - 1.0) - 0.5) * boxW * 0.6;
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#222222\""
                        + " fill-opacity=\"0.6\"/>%n", cx + boxW * 0.75 + dx / 3, y(values[k], aLo, aHi, plotTop)));
            }
        }
        s.append("</g>\n");
    }

    /**
     * Axis low, high and tick step: "nice" steps of 1, 2 or 5 times a power of ten, about five
     * ticks; null when the values cannot be placed on one axis (a range beyond double's, or so
     * narrow against their size that the ticks would not differ).
     */
    static double[] axis(double lo, double hi) {
        double range = hi - lo;
        if (range <= 0) {
            range = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
            lo -= range / 2;
            hi += range / 2;
        }
        double raw = range / 5;
        if (!Double.isFinite(range) || !(raw > 0) || raw < Math.ulp(Math.max(Math.abs(lo), Math.abs(hi))) * 64) {
            return null;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
        double aLo = Math.floor(lo / step) * step;
        double aHi = Math.ceil(hi / step) * step;
        if (aHi - aLo < step) {
            aHi = aLo + step;
        }
        if (!Double.isFinite(aLo) || !Double.isFinite(aHi) || !(aHi > aLo) || (aHi - aLo) / step > 40) {
            return null;
        }
        return new double[] {aLo, aHi, step};
    }

    private static double y(double v, double lo, double hi, int plotTop) {
        return plotTop + PLOT_H - (v - lo) / (hi - lo) * PLOT_H;
    }

    private static String num3(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** XML text: control characters escaped as {@link Printable} does, cut to {@code limit}, then entities. */
    static String xml(String text, int limit) {
        String t = Printable.clip(text, limit);
        StringBuilder b = new StringBuilder(t.length() + 16);
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < t.length()
                            && Character.isLowSurrogate(t.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(t.charAt(i - 1)))) {
                        b.append('?'); // a lone surrogate is not XML
                    } else if (c == '\uFFFE' || c == '\uFFFF') {
                        b.append('?');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
