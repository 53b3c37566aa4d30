package ax650n.tuning.cli;

import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.Json;
import ax650n.tuning.tune.JournalException;
import ax650n.tuning.tune.Plan;
import ax650n.tuning.tune.PlanException;
import ax650n.tuning.tune.Planner;
import ax650n.tuning.tune.StateStore;
import ax650n.tuning.tune.Verifier;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code ax650n-tune status}: what is applied (journal + live values) and what the plan wants. */
public final class StatusCommand extends TuneSubcommand {
    @Override
    public String name() {
        return "status";
    }

    @Override
    public String summary() {
        return "show what is applied: journaled originals, live values, the plan";
    }

    @Override
    protected Options options() {
        return new Options();
    }

    @Override
    protected String usage() {
        return "ax650n-tune status [--sysroot DIR] [--config FILE] [--json]";
    }

    @Override
    protected int execute(CommandLine cl, TuneContext ctx, PrintStream out, PrintStream err)
            throws PlanException, IOException, JournalException {
        HostSnapshot host = snapshot(ctx);
        Plan plan = Planner.plan(host, ctx.config(), Optional.empty());
        List<Verifier.Line> lines = Verifier.verify(host, plan);
        StateStore store = ctx.store();
        // Status is for everyone: the live values and the plan need no privilege. The journal
        // lives in a 0700 directory (it is root's record of what to restore), so a user who is
        // not root is told that it cannot be read and how to read it, never "none".
        List<StateStore.Entry> journal = List.of();
        List<StateStore.Refused> refused = List.of();
        String unreadable = null;
        boolean corrupt = false;
        boolean notAFile = false;
        try {
            if (store.exists() && !store.isStale()) {
                StateStore.Journal j = store.read();
                journal = j.entries();
                refused = j.refused();
            }
        } catch (JournalException e) {
            unreadable = e.getMessage();
            corrupt = !e.accessDenied();
            notAFile = e.notAFile();
        }
        boolean tuned = !lines.isEmpty() && lines.stream().allMatch(Verifier.Line::passed);
        String state = lines.isEmpty() ? "nothing to tune" : tuned ? "tuned"
                : unreadable != null ? "not tuned or drifted" : journal.isEmpty() ? "not tuned" : "drifted";
        String journalHint = unreadable == null ? null : corrupt ? unreadable
                : unreadable + ": run as root to see it (sudo ax650n-tune status)";
        if (ctx.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", state);
            m.put("journal", store.journalPath().toString());
            m.put("journal_readable", unreadable == null);
            if (journalHint != null) {
                m.put("journal_error", journalHint);
            }
            List<Object> js = new ArrayList<>();
            for (StateStore.Entry e : journal) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("kind", e.kind().label());
                x.put("subject", e.subject());
                x.put("target", e.target());
                x.put("original", e.beforeText());
                x.put("current", ctx.root().readOptional(e.target()).orElse(null));
                js.add(x);
            }
            m.put("journaled", js);
            List<Object> rs = new ArrayList<>();
            for (StateStore.Refused r : refused) {
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
            } else if (journal.isEmpty() && refused.isEmpty()) {
                out.println("journal: none (nothing applied this boot)");
            } else {
                out.println("journal: " + store.journalPath() + " (" + journal.size() + " originals)");
                for (StateStore.Entry e : journal) {
                    String cur = ctx.root().readOptional(e.target()).map(String::strip).orElse("absent");
                    out.println("  " + e.subject() + ": original " + ApplyCommand.show(e.beforeText()) + ", now " + ApplyCommand.show(cur));
                }
                for (StateStore.Refused r : refused) {
                    out.println("  line " + r.line() + ": refused (revert will not restore it): " + r.reason());
                }
            }
            for (Verifier.Line l : lines) {
                out.println((l.passed() ? "in place: " : "pending:  ") + l.change().subject() + " = "
                        + ApplyCommand.show(l.actual()) + (l.passed() ? "" : " (wants " + ApplyCommand.show(l.change().after()) + ")"));
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
