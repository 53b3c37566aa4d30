package ax650n.tuning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SVG box plot: well-formed, the labels and ratios in its text, and headless Chromium draws it. */
class BoxPlotTest {
    @TempDir
    Path tmp;

    static final double[][] AVG = {{7.90, 7.95, 8.40, 7.92, 7.99}, {7.80, 7.81, 7.79, 7.83, 7.80}};

    /** An axcl_run_model benchmark of two modes, built from the runner's own reading of each output. */
    static BenchReport axclReport(String command) {
        MetricChoice choice = MetricChoice.auto();
        BenchSettings settings = new BenchSettings(List.of(command), List.of(Mode.UNTUNED, Mode.TUNED), 5, 0,
                Duration.ofSeconds(9), null, false, choice);
        List<RunResult> results = new ArrayList<>();
        int index = 0;
        for (int round = 1; round <= 5; round++) {
            for (int m = 0; m < 2; m++) {
                double avg = AVG[m][round - 1];
                String out = String.format(Locale.ROOT, "  Run AxModel:\n  min = %.3f ms   max = %.3f ms   avg = %.3f ms"
                        + "  median = %.3f ms\n   5%% = %.3f ms   90%% = %.3f ms   95%% = %.3f ms     99%% = %.3f ms\n",
                        avg - 0.01, avg + 0.2, avg, avg - 0.005, avg - 0.008, avg + 0.01, avg + 0.05, avg + 0.15);
                results.add(RunResult.measure(++index, round, m == 0 ? Mode.UNTUNED : Mode.TUNED, false, 0, null, out,
                        TimeUnit.MILLISECONDS.toNanos(900 + 10 * index), choice));
            }
        }
        return new BenchReport(settings, results);
    }

    @Test
    void theSvgIsWellFormedAndCarriesTheLabelsAndRatios() throws Exception {
        BenchReport report = axclReport("axcl_run_model -m yolo<v5>&s.axmodel");
        String svg = BoxPlot.render(report);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertTrue(svg.contains("axcl_run_model -m yolo&lt;v5&gt;&amp;s.axmodel"), "the command, escaped");
        for (Metric m : MetricSet.AXCL_RUN_MODEL.metrics()) {
            assertTrue(svg.contains(">" + m.title() + ", lower is better"), m.name());
        }
        assertTrue(svg.contains(">average latency (ms), lower is better, ranks the modes</text>"), svg);
        RatioEstimate r = RatioEstimate.ofMedians(AVG[1], AVG[0]);
        assertTrue(svg.contains(String.format(Locale.ROOT, ">ratio %.3f [%.3f, %.3f]</text>", r.ratio(), r.low(),
                r.high())), svg);
        assertTrue(svg.contains(">baseline</text>"));
        assertTrue(svg.contains(">untuned</text>") && svg.contains(">tuned</text>"));
        Summary u = report.stats(Mode.UNTUNED).ranking().summary();
        assertTrue(svg.contains(String.format(Locale.ROOT, ">n=5, jitter %.3f</text>", u.jitter())), svg);
        assertEquals(MetricSet.AXCL_RUN_MODEL.metrics().size(), count(svg, "<rect") - 2 * 8 - 1,
                "one frame per panel, one box per mode and panel, one background");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void aModeWithoutValuesAndAMetricWithoutAnyAreSaidSo() throws Exception {
        MetricSet set = MetricSet.of("custom", List.of(RegexMetric.of("fps", "fps=(\\S+)", false), WallTime.METRIC));
        MetricChoice choice = MetricChoice.fixed(set);
        BenchSettings settings = new BenchSettings(List.of("x"), List.of(Mode.UNTUNED, Mode.TUNED), 1, 0,
                Duration.ofSeconds(9), null, false, choice);
        List<RunResult> results = List.of(
                RunResult.measure(1, 1, Mode.UNTUNED, false, 0, null, "fps=30\n", 1_000_000, choice),
                RunResult.measure(2, 1, Mode.TUNED, false, 0, null, "crash\n", 1_000_000, choice));
        String svg = BoxPlot.render(new BenchReport(settings, results));
        assertTrue(svg.contains(">no values</text>"), svg);
        assertTrue(svg.contains(">ratio n/a</text>"), svg);
        String none = BoxPlot.render(new BenchReport(settings, List.of(
                RunResult.measure(1, 1, Mode.UNTUNED, false, 0, null, "crash\n", 1_000_000, choice))));
        assertTrue(none.contains(">no values of fps in any counted run</text>"), none);
    }

    @Test
    void badTargetsAreRefusedBeforeAnythingRuns() throws Exception {
        assertEquals("the file name must end in .svg: 'plot.png'",
                assertThrows(IllegalArgumentException.class, () -> BoxPlot.checkTarget(Path.of("plot.png"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BoxPlot.checkTarget(tmp.resolve("no/such/p.svg"))).getMessage().startsWith("no directory "));
        Path dir = Files.createDirectory(tmp.resolve("d.svg"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BoxPlot.checkTarget(dir)).getMessage()
                .endsWith("exists and is not a regular file"));
        BoxPlot.checkTarget(tmp.resolve("ok.svg"));
    }

    @Test
    void writtenAtomicallyOverAnOldPlot() throws Exception {
        Path file = Files.writeString(tmp.resolve("p.svg"), "old");
        BoxPlot.write(axclReport("axcl_run_model"), file);
        assertTrue(Files.readString(file).startsWith("<?xml"));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(file), s.toList(), "no temporary file left");
        }
    }

    @Test
    void headlessChromiumRendersIt() throws Exception {
        String chromium = null;
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(c))) {
                chromium = c;
            }
        }
        assumeTrue(chromium != null, "chromium is not installed (Debian package chromium)");
        Path svg = tmp.resolve("bench.svg");
        BenchReport report = axclReport("axcl_run_model -m yolov5s.axmodel -r 100");
        BoxPlot.write(report, svg);
        int height = BoxPlot.height(MetricSet.AXCL_RUN_MODEL.metrics().size());
        Path png = tmp.resolve("bench.png");
        Path profile = Files.createDirectory(tmp.resolve("chromium-profile"));
        Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile, "--hide-scrollbars", "--screenshot=" + png,
                "--window-size=" + BoxPlot.WIDTH + "," + height, svg.toUri().toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "chromium finished");
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
        assertTrue(Files.isRegularFile(png), () -> "no screenshot; chromium said: " + log(tmp.resolve("chromium.log")));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(BoxPlot.WIDTH, img.getWidth());
        int dark = 0;
        int boxBlue = 0;
        int boxOrange = 0;
        int white = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r + g + b < 150) {
                    dark++;
                } else if (near(r, g, b, 0x9e, 0xca, 0xe1)) {
                    boxBlue++;
                } else if (near(r, g, b, 0xfd, 0xae, 0x6b)) {
                    boxOrange++;
                } else if (rgb == 0xffffff) {
                    white++;
                }
            }
        }
        int all = img.getWidth() * img.getHeight();
        assertTrue(white > all / 2, "mostly white background: " + white + " of " + all);
        assertTrue(dark > 2000, "text and lines drawn: " + dark + " dark pixels");
        assertTrue(boxBlue > 200 && boxOrange > 200, "both modes' boxes drawn: " + boxBlue + " / " + boxOrange);
        assertFalse(dark > all / 4, "not a black image");
    }

    private static boolean near(int r, int g, int b, int er, int eg, int eb) {
        return Math.abs(r - er) < 12 && Math.abs(g - eg) < 12 && Math.abs(b - eb) < 12;
    }

    private static String log(Path p) {
        try {
            return Files.readString(p);
        } catch (Exception e) {
            return "(no log)";
        }
    }


    @Test
    void axesAreNiceAndImpossibleRangesAreRefusedNotLooped() {
        double[] a = BoxPlot.axis(7.79, 8.4);
        assertEquals(7.7, a[0], 1e-9);
        assertEquals(8.4, a[1], 1e-9);
        assertEquals(0.1, a[2], 1e-12);
        double[] same = BoxPlot.axis(5, 5);
        assertTrue(same[0] < 5 && same[1] > 5, "one value gets a range around it");
        assertEquals(null, BoxPlot.axis(-1e308, 1e308));
        assertEquals(null, BoxPlot.axis(1e17, 1e17 + 16));
    }
}
