package ax650n.tuning.cli;

import ax650n.tuning.sys.Json;
import ax650n.tuning.tune.Plan;
import ax650n.tuning.tune.PlanException;
import ax650n.tuning.tune.Tuner;
import ax650n.tuning.tune.Verifier;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;

/** {@code ax650n-tune verify}: re-read every planned target; exit 1 on drift. */
public final class VerifyCommand extends TuneSubcommand {
    public VerifyCommand() {
        super("verify", "check that every planned setting is in place (exit 1 on drift)");
    }

    @Override
    protected int execute(CommandLine cl, TuneContext ctx, PrintStream out, PrintStream err)
            throws PlanException, IOException {
        Tuner.Verification v = ctx.tuner().verify(ctx.config());
        Plan plan = v.plan();
        List<Verifier.Line> lines = v.lines();
        boolean ok = v.passed();
        if (ctx.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            List<Object> checks = new ArrayList<>();
            for (Verifier.Line l : lines) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("passed", l.passed());
                x.put("subject", l.change().subject());
                x.put("target", l.change().target());
                x.put("actual", l.actual());
                x.put("expected", l.change().after());
                checks.add(x);
            }
            m.put("passed", ok);
            m.put("checks", checks);
            m.put("notes", plan.notes());
            out.print(Json.write(m));
        } else {
            for (Verifier.Line l : lines) {
                out.println(l.text());
            }
            if (lines.isEmpty()) {
                out.println("verify: nothing planned on this host");
            }
            for (String n : plan.notes()) {
                out.println("note: " + n);
            }
        }
        return (ok ? ExitCode.OK : ExitCode.FAILED).code();
    }
}
