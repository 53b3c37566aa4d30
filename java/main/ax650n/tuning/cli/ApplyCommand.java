package ax650n.tuning.cli;

import ax650n.tuning.sys.Bdf;
import ax650n.tuning.sys.BdfFormatException;
import ax650n.tuning.sys.Json;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.tune.Applier;
import ax650n.tuning.tune.Change;
import ax650n.tuning.tune.ItemResult;
import ax650n.tuning.tune.JournalException;
import ax650n.tuning.tune.Plan;
import ax650n.tuning.tune.PlanException;
import ax650n.tuning.tune.Tuner;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code ax650n-tune apply [--dry-run] [--device BDF]}. */
public final class ApplyCommand extends TuneSubcommand {
    public ApplyCommand() {
        super("apply", "plan the tuning and apply it, journaling every original first",
                "ax650n-tune apply [--dry-run] [--device BDF] [--sysroot DIR] [--config FILE] [--json]");
    }

    @Override
    protected Options ownOptions() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("dry-run").desc("print the plan, write nothing").build());
        o.addOption(Option.builder().longOpt("device").hasArg().argName("BDF")
                .desc("only this card (dddd:bb:dd.f), as the udev trigger does on a driver bind").build());
        return o;
    }

    @Override
    protected int execute(CommandLine cl, TuneContext ctx, PrintStream out, PrintStream err)
            throws UsageException, PlanException, IOException, JournalException, NativeUnavailableException {
        Optional<Bdf> only = Optional.empty();
        if (cl.hasOption("device")) {
            try {
                only = Optional.of(Bdf.parse(cl.getOptionValue("device")));
            } catch (BdfFormatException e) {
                throw new UsageException("--device: " + e.getMessage());
            }
        }
        Tuner tuner = ctx.tuner();
        Plan plan = tuner.plan(ctx.config(), only);
        if (cl.hasOption("dry-run")) {
            if (ctx.json()) {
                out.print(Json.write(planJson(plan)));
            } else {
                printPlan(plan, out);
            }
            return ExitCode.OK.code();
        }
        ctx.requireWriter("apply");
        PrintStream log = ctx.json() ? new PrintStream(PrintStream.nullOutputStream()) : out;
        Applier.Result r = tuner.withLog(log).apply(plan).result();
        if (ctx.json()) {
            out.print(Json.write(resultJson(planJson(plan), r)));
        } else {
            for (String n : r.notes()) {
                out.println("note: " + n);
            }
            out.println("ax650n-tune: " + counts(r.items()) + (!r.failed() ? ""
                    : r.errors().isEmpty() ? " -- a required change failed: rolled back" : " -- failed: rolled back"));
        }
        return finish("apply", r, err);
    }

    /** Adds an apply's or a revert's outcome to {@code m}: per-item results, notes, errors, failed. */
    static Map<String, Object> resultJson(Map<String, Object> m, Applier.Result r) {
        m.put("results", results(r.items()));
        m.put("notes", r.notes());
        m.put("errors", r.errors());
        m.put("failed", r.failed());
        return m;
    }

    /** Prints an apply's or a revert's error lines on stderr and gives its exit code. */
    static int finish(String command, Applier.Result r, PrintStream err) {
        for (String e : r.errors()) {
            err.println("ax650n-tune " + command + ": " + e);
        }
        return (r.failed() ? ExitCode.FAILED : ExitCode.OK).code();
    }

    static void printPlan(Plan plan, PrintStream out) {
        plan.cardCpus().forEach((bdf, cpu) -> out.println("plan: card " + bdf + " -> CPU " + cpu));
        for (Change c : plan.changes()) {
            out.println("plan: " + c.subject() + ": " + c.target() + " " + Change.show(c.before()) + " -> " + Change.show(c.after())
                    + (c.required() ? "" : " (optional)"));
        }
        for (String n : plan.notes()) {
            out.println("note: " + n);
        }
        if (plan.changes().isEmpty()) {
            out.println("plan: nothing to change");
        }
    }

    static Map<String, Object> planJson(Plan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> cards = new LinkedHashMap<>();
        plan.cardCpus().forEach((b, c) -> cards.put(b.toString(), c));
        m.put("cards", cards);
        List<Object> changes = new ArrayList<>();
        for (Change c : plan.changes()) {
            changes.add(changeJson(c));
        }
        m.put("changes", changes);
        m.put("notes", plan.notes());
        return m;
    }

    static Map<String, Object> changeJson(Change c) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("kind", c.kind().label());
        x.put("subject", c.subject());
        x.put("target", c.target());
        x.put("before", c.before());
        x.put("after", c.after());
        x.put("required", c.required());
        return x;
    }

    static List<Object> results(List<ItemResult> items) {
        List<Object> out = new ArrayList<>();
        for (ItemResult r : items) {
            Map<String, Object> x = changeJson(r.change());
            x.put("status", r.status().label());
            x.put("detail", r.detail());
            out.add(x);
        }
        return out;
    }

    static String counts(List<ItemResult> items) {
        Map<String, Integer> n = new LinkedHashMap<>();
        for (ItemResult.Status s : ItemResult.Status.values()) {
            n.put(s.label(), 0);
        }
        items.forEach(r -> n.merge(r.status().label(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        n.forEach((k, v) -> {
            if (v > 0 || k.equals("applied") || k.equals("failed")) {
                parts.add(k + " " + v);
            }
        });
        return String.join(", ", parts);
    }
}
