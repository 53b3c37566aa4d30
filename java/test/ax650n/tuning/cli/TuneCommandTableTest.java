package ax650n.tuning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ax650n-tune makes only the subcommand named: the table it dispatches through knows every
 * word of the overview, each made command answers to its own word, and the overview lists
 * them all, in order, with each one's own summary.
 */
class TuneCommandTableTest {
    @Test
    void everyWordMakesItsOwnCommandAndTheOverviewListsThemAll() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(0, new TuneCommand().run(new String[] {"--help"}, out, out));
        String help = bytes.toString(StandardCharsets.UTF_8);
        Set<String> seen = new HashSet<>();
        int at = 0;
        for (String name : TuneCommand.names()) {
            Command c = TuneCommand.make(name);
            assertEquals(name, c.name());
            assertTrue(seen.add(name), "twice in the table: " + name);
            String line = "  " + (name + "        ").substring(0, Math.max(8, name.length())) + " " + c.summary() + "\n";
            int i = help.indexOf(line, at);
            assertTrue(i > at, "the overview lists " + name + " after the one before it: " + help);
            at = i;
        }
        assertEquals(8, seen.size());
        assertNull(TuneCommand.make("nope"));
        assertNull(TuneCommand.make("Apply"));
    }
}
