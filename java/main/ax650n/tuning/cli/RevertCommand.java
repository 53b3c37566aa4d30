package ax650n.tuning.cli;

import ax650n.tuning.sys.Json;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.tune.Applier;
import ax650n.tuning.tune.JournalException;
import ax650n.tuning.tune.SystemdManager;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code ax650n-tune revert}: restore every journaled original, newest first, and drop the journal. */
public final class RevertCommand extends TuneSubcommand {
    @Override
    public String name() {
        return "revert";
    }

    @Override
    public String summary() {
        return "restore the settings from before the first apply of this boot";
    }

    @Override
    protected Options options() {
        return new Options();
    }

    @Override
    protected String usage() {
        return "ax650n-tune revert [--sysroot DIR] [--config FILE] [--json]";
    }

    @Override
    protected int execute(CommandLine cl, TuneContext ctx, PrintStream out, PrintStream err)
            throws UsageException, IOException, JournalException, NativeUnavailableException {
        ctx.requireWriter("revert");
        PrintStream log = ctx.json() ? new PrintStream(PrintStream.nullOutputStream()) : out;
        Applier.Result r = new Applier(ctx.root(), ctx.store(), SystemdManager.forRoot(ctx.root()), log).revert();
        if (ctx.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("results", ApplyCommand.results(r.items()));
            m.put("notes", r.notes());
            m.put("errors", r.errors());
            m.put("failed", r.failed());
            out.print(Json.write(m));
        } else {
            for (String n : r.notes()) {
                out.println("ax650n-tune: " + n);
            }
            if (!r.items().isEmpty()) {
                boolean itemFailed = r.items().stream().anyMatch(i -> i.status().fatal());
                out.println("ax650n-tune: " + ApplyCommand.counts(r.items())
                        + (itemFailed ? " -- failed entries stay in the journal; run revert again"
                        : r.failed() ? " -- see the error lines: what could not be done stays in the journal" : ""));
            }
        }
        for (String e : r.errors()) {
            err.println("ax650n-tune revert: " + e);
        }
        return (r.failed() ? ExitCode.FAILED : ExitCode.OK).code();
    }
}
