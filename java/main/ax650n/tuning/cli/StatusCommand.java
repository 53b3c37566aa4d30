package ax650n.tuning.cli;

import ax650n.tuning.sys.Json;
import ax650n.tuning.tune.Change;
import ax650n.tuning.tune.JournalException;
import ax650n.tuning.tune.Plan;
import ax650n.tuning.tune.PlanException;
import ax650n.tuning.tune.StateStore;
import ax650n.tuning.tune.Tuner;
import ax650n.tuning.tune.Verifier;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;

/** {@code ax650n-tune status}: what is applied (journal + live values) and what the plan wants. */
public final class StatusCommand extends TuneSubcommand {
    public StatusCommand() {
        super("status", "show what is applied: journaled originals, live values, the plan");
    }

    @Override
    protected int execute(CommandLine cl, TuneContext ctx, PrintStream out, PrintStream err)
            throws PlanException, IOException, JournalException {
        // Status is for everyone: the live values and the plan need no privilege; a journal this
        // user may not read is told as such, with how to read it, never "none".
        Tuner.Status st = ctx.tuner().status(ctx.config());
        Plan plan = st.verification().plan();
        List<Verifier.Line> lines = st.verification().lines();
        boolean corrupt = st.journalCorrupt();
        boolean notAFile = st.journalNotAFile();
        String state = st.state().label();
        String unreadable = st.journalError().orElse(null);
        String journalHint = unreadable == null ? null : corrupt ? unreadable
                : unreadable + ": run as root to see it (sudo ax650n-tune status)";
        if (ctx.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", state);
            m.put("journal", st.journalPath().toString());
            m.put("journal_readable", unreadable == null);
            if (journalHint != null) {
                m.put("journal_error", journalHint);
            }
            List<Object> js = new ArrayList<>();
            for (Tuner.Journaled j : st.journaled()) {
                StateStore.Entry e = j.entry();
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("kind", e.kind().label());
                x.put("subject", e.subject());
                x.put("target", e.target());
                x.put("original", e.beforeText());
                x.put("current", j.current().orElse(null));
                js.add(x);
            }
            m.put("journaled", js);
            List<Object> rs = new ArrayList<>();
            for (StateStore.Refused r : st.refused()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("line", r.line());
                x.put("reason", r.reason());
                rs.add(x);
            }
            m.put("refused", rs);
            List<Object> ps = new ArrayList<>();
            for (Verifier.Line l : lines) {
                Map<String, Object> x = ApplyCommand.changeJson(l.change());
                x.remove("before");
                x.put("current", l.actual());
                x.put("in_place", l.passed());
                ps.add(x);
            }
            m.put("planned", ps);
            m.put("notes", plan.notes());
            out.print(Json.write(m));
        } else {
            out.println("state: " + state);
            if (journalHint != null) {
                out.println("journal: " + journalHint);
            } else if (st.journaled().isEmpty() && st.refused().isEmpty()) {
                out.println("journal: none (nothing applied this boot)");
            } else {
                out.println("journal: " + st.journalPath() + " (" + st.journaled().size() + " originals)");
                for (Tuner.Journaled j : st.journaled()) {
                    StateStore.Entry e = j.entry();
                    String cur = j.current().map(String::strip).orElse("absent");
                    out.println("  " + e.subject() + ": original " + Change.show(e.beforeText()) + ", now " + Change.show(cur));
                }
                for (StateStore.Refused r : st.refused()) {
                    out.println("  line " + r.line() + ": refused (revert will not restore it): " + r.reason());
                }
            }
            for (Verifier.Line l : lines) {
                out.println((l.passed() ? "in place: " : "pending:  ") + l.change().subject() + " = "
                        + Change.show(l.actual()) + (l.passed() ? "" : " (wants " + Change.show(l.change().after()) + ")"));
            }
            for (String n : plan.notes()) {
                out.println("note: " + n);
            }
        }
        // a FIFO, link or oversize file at the journal's place is bad input (2); a journal whose
        // content is wrong is a failure (1)
        return (notAFile ? ExitCode.USAGE : corrupt ? ExitCode.FAILED : ExitCode.OK).code();
    }
}
