package ax650n.tuning.packaging;

import static ax650n.tuning.packaging.PackagingSupport.assumeTool;
import static ax650n.tuning.packaging.PackagingSupport.deb;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** lintian on both packages: no error and no warning (overrides only with a written reason). */
class LintianIT {
    @ParameterizedTest
    @ValueSource(strings = {"amd64", "arm64"})
    void noErrorsNoWarnings(String arch) {
        assumeTool("lintian");
        PackagingSupport.Result r = PackagingSupport.run(
                List.of("lintian", "--fail-on=error,warning", deb(arch).toString()));
        System.out.println("lintian " + arch + ":\n" + r.out() + r.err());
        assertEquals(0, r.exit(), "lintian found errors or warnings:\n" + r.describe());
    }
}
