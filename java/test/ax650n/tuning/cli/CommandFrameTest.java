package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.SysRoot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.junit.jupiter.api.Test;

/** Issue 15, "one subcommand frame": every command parses, helps and fails through {@link Command}. */
class CommandFrameTest {
    record Run(int code, String out, String err) {
    }

    static Run run(Command c, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = c.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** Every command of both programs; none of them needs a tuner or a card for a usage error. */
    static List<Command> all() {
        List<Command> l = new ArrayList<>(List.of(new ApplyCommand(), new RevertCommand(), new StatusCommand(),
                new VerifyCommand(), new RunCommand(() -> CpuSet.of(0), SysRoot.live()),
                new PinCommand(SysRoot.live(), () -> CpuSet.of(0)), new BenchCommand(ctx -> {
                    throw new AssertionError("no tuner for a usage error");
                }), new DiagnoseCommand(Map.of(), false)));
        return l;
    }

    private static String program(Command c) {
        return c instanceof DiagnoseCommand ? "ax650n-diagnose" : "ax650n-tune " + c.name();
    }

    @Test
    void aBadOptionIsTheSameOneLineInEveryCommand() {
        for (Command c : all()) {
            for (String[] args : new String[][] {{"--frobnicate"}, {"--frobnicate", "--", "true"}, {"--sysroot="}}) {
                Run r = run(c, args);
                String what = program(c) + " " + String.join(" ", args);
                assertEquals(2, r.code(), what + ": " + r.err());
                assertEquals("", r.out(), what);
                assertEquals(1, r.err().lines().count(), what + ": " + r.err());
                assertTrue(r.err().startsWith(program(c) + ": "), what + ": " + r.err());
                assertTrue(r.err().endsWith(" (try --help)\n"), what + ": " + r.err());
            }
        }
    }

    @Test
    void helpGoesToStdoutWithTheUsageLineAndExitsZero() {
        for (Command c : all()) {
            for (String h : List.of("--help", "-h")) {
                Run r = run(c, h);
                assertEquals(0, r.code(), program(c) + " " + h + ": " + r.err());
                assertEquals("", r.err(), program(c));
                assertTrue(r.out().replaceAll("\\s+", " ").startsWith("usage: " + c.usage() + " "), r.out()); // wrapped at 80 or 100
                assertTrue(r.out().contains("--help"), r.out());
            }
        }
    }

    @Test
    void extraWordsAreRefusedUnlessTheCommandTakesACommand() {
        for (Command c : all()) {
            if (c.takesCommand()) {
                continue; // run and bench: 'extra' is the command to start
            }
            Run r = run(c, "extra");
            assertEquals(2, r.code(), program(c));
            assertEquals(program(c) + ": unexpected argument 'extra' (try --help)\n", r.err());
        }
        for (Command c : List.of(new RunCommand(() -> CpuSet.of(0), SysRoot.live()), new BenchCommand(ctx -> {
            throw new AssertionError("no tuner for a usage error");
        }))) {
            assertEquals("ax650n-tune " + c.name() + ": no command given (try --help)\n", run(c).err());
            assertEquals("ax650n-tune " + c.name() + ": no command given (try --help)\n", run(c, "--").err());
        }
    }

    @Test
    void theDispatcherUsesTheSameFormat() {
        TuneCommand t = new TuneCommand();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(e, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, t.run(new String[] {}, out, err));
        assertEquals(2, t.run(new String[] {"frobnicate\u001b[2J"}, out, err));
        assertEquals("ax650n-tune: missing subcommand (try --help)\n"
                + "ax650n-tune: unknown subcommand 'frobnicate\\e[2J' (try --help)\n", e.toString(StandardCharsets.UTF_8));
    }

    // ---- the frame's contract, on a command written for the test ---------------------------

    /** A command whose execute throws what {@code --throw} names. */
    static final class Probe extends Command {
        Probe() {
            super("probe", "a test command", "ax650n-tune probe [--throw KIND] [--n N]");
        }

        @Override
        protected Options options() {
            Options o = new Options();
            o.addOption(Option.builder().longOpt("throw").hasArg().build());
            o.addOption(Option.builder().longOpt("n").hasArg().build());
            return o;
        }

        @Override
        protected int execute(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
            int n = intOption(cl, "n", 7, 1);
            switch (cl.getOptionValue("throw", "")) {
                case "parse":
                    throw new ParseException("--throw: bad \u0007 value");
                case "usage":
                    throw new UsageException("not as root", ExitCode.ENVIRONMENT);
                case "io":
                    throw new NoSuchFileException("/etc/x.conf");
                case "unchecked":
                    throw new UncheckedIOException(new IOException("/sys/x: too many levels of symbolic links"));
                case "bug":
                    throw new IllegalStateException("a bug");
                default:
                    out.println("n=" + n);
                    return n;
            }
        }
    }

    @Test
    void whatExecuteThrowsBecomesOneLineAndItsCode() {
        Probe p = new Probe();
        assertEquals(new Run(7, "n=7\n", ""), run(p));
        assertEquals(new Run(3, "n=3\n", ""), run(p, "--n", "3"));
        assertEquals(new Run(2, "", "ax650n-tune probe: --n: must be at least 1: '0' (try --help)\n"), run(p, "--n", "0"));
        assertEquals(new Run(2, "", "ax650n-tune probe: --n: not a number: 'x' (try --help)\n"), run(p, "--n", "x"));
        assertEquals(new Run(2, "", "ax650n-tune probe: --n given more than once (try --help)\n"), run(p, "--n", "1", "--n", "2"));
        assertEquals(new Run(2, "", "ax650n-tune probe: --throw: bad \\x07 value (try --help)\n"), run(p, "--throw", "parse"));
        assertEquals(new Run(3, "", "ax650n-tune probe: not as root\n"), run(p, "--throw", "usage"));
        assertEquals(new Run(1, "", "ax650n-tune probe: /etc/x.conf: no such file or directory\n"), run(p, "--throw", "io"));
        assertEquals(new Run(2, "", "ax650n-tune probe: /sys/x: too many levels of symbolic links\n"), run(p, "--throw", "unchecked"));
        IllegalStateException bug = assertThrows(IllegalStateException.class, () -> run(p, "--throw", "bug"));
        assertEquals("a bug", bug.getMessage()); // left to LastResort, the mains' one exit path
        Run h = run(p, "--help");
        assertEquals(0, h.code());
        assertTrue(h.out().startsWith("usage: ax650n-tune probe [--throw KIND] [--n N]\na test command\n"), h.out());
        assertTrue(h.out().contains("-h,--help"), h.out());
        assertFalse(h.out().contains("n=7"), h.out());
    }

    @Test
    void theOptionsAreBuiltAfreshForEachRun() {
        Probe p = new Probe();
        assertSame(ExitCode.OK.code(), run(p, "--help").code());
        assertEquals(7, run(p).code(), "a second run does not see the first one's options");
    }
}
