package ax650n.tuning.diag.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.diag.DiagTestSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shape the rules keep (issue 15): every rule is listed in {@link Rules}; the rules package
 * does not depend on diag (no package cycle), reads nothing from the host and parses no text.
 */
class RulesLayoutTest {
    private static final Pattern PARSING = Pattern.compile(
            "\\.split\\(|java\\.util\\.regex|\\.matches\\(|parseInt\\(|parseLong\\(|SysRoot|java\\.nio");

    private static List<Path> sources() throws IOException {
        List<Path> out = new ArrayList<>();
        Path dir = DiagTestSupport.basedir().resolve("java/main/ax650n/tuning/diag/rules");
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.java")) {
            for (Path p : s) {
                out.add(p);
            }
        }
        assertTrue(out.size() > 10, "rule sources under " + dir);
        return out;
    }

    @Test
    void everyRuleIsRunAndNoneParsesOrReadsTheHost() throws IOException {
        String rules = Files.readString(DiagTestSupport.basedir().resolve("java/main/ax650n/tuning/diag/rules/Rules.java"),
                StandardCharsets.UTF_8);
        for (Path p : sources()) {
            String name = p.getFileName().toString().replace(".java", "");
            String text = Files.readString(p, StandardCharsets.UTF_8);
            if (name.endsWith("Rule") && !name.equals("Rule")) {
                assertTrue(rules.contains("new " + name + "()"), name + " is not in a list of Rules");
                assertTrue(text.contains("implements Rule<"), name + " does not implement Rule");
            }
            assertTrue(!PARSING.matcher(text).find(), name + " parses text or reads the host: that belongs to host/ or pci/");
            assertTrue(!Pattern.compile("import ax650n\\.tuning\\.diag\\.[A-Z]").matcher(text).find(),
                    name + " depends on diag (the rules package must not: diag depends on it)");
        }
    }
}
