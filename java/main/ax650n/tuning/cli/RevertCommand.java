package ax650n.tuning.cli;

import ax650n.tuning.sys.Json;
import ax650n.tuning.sys.NativeUnavailableException;
import ax650n.tuning.tune.Applier;
import ax650n.tuning.tune.JournalException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import org.apache.commons.cli.CommandLine;

/** {@code ax650n-tune revert}: restore every journaled original, newest first, and drop the journal. */
public final class RevertCommand extends TuneSubcommand {
    public RevertCommand() {
        super("revert", "restore the settings from before the first apply of this boot");
    }

    @Override
    protected int execute(CommandLine cl, TuneContext ctx, PrintStream out, PrintStream err)
            throws UsageException, IOException, JournalException, NativeUnavailableException {
        ctx.requireWriter("revert");
        PrintStream log = ctx.json() ? new PrintStream(PrintStream.nullOutputStream()) : out;
        Applier.Result r = ctx.tuner().withLog(log).revert();
        if (ctx.json()) {
            out.print(Json.write(ApplyCommand.resultJson(new LinkedHashMap<>(), r)));
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
        return ApplyCommand.finish("revert", r, err);
    }
}
