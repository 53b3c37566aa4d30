package ax650n.tuning.cli;

import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.ConfigException;
import ax650n.tuning.tune.Tuner;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** The options every {@code ax650n-tune} subcommand shares, and what they resolve to. */
public record TuneContext(SysRoot root, Config config, boolean json) {
    public static Options addCommon(Options o) {
        o.addOption(Option.builder().longOpt("sysroot").hasArg().argName("DIR")
                .desc("read and write a folder tree laid out like / instead of this host").build());
        o.addOption(Option.builder().longOpt("config").hasArg().argName("FILE")
                .desc("configuration file, read alone (default " + Config.DEFAULT_PATH + ", then "
                        + ax650n.tuning.tune.ConfigFiles.DROP_IN_DIR + "/*.conf)").build());
        o.addOption(Option.builder().longOpt("json").desc("print JSON instead of text").build());
        o.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        return o;
    }

    public static TuneContext of(CommandLine cl) throws UsageException {
        SysRoot root;
        if (cl.hasOption("sysroot")) {
            try {
                root = SysRoot.of(Path.of(cl.getOptionValue("sysroot")));
            } catch (IOException | java.nio.file.InvalidPathException e) {
                throw new UsageException("--sysroot " + cl.getOptionValue("sysroot") + ": not a directory");
            }
        } else {
            root = SysRoot.live();
        }
        Config config;
        try {
            // the host's configuration, also under --sysroot (as the main file always was)
            config = cl.hasOption("config") ? Config.load(Path.of(cl.getOptionValue("config")), true)
                    : Config.loadDefault(SysRoot.live());
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
        return new TuneContext(root, config, cl.hasOption("json"));
    }

    /** The tuner of this root (its journal, systemd on the live host); quiet until {@link Tuner#withLog}. */
    public Tuner tuner() {
        return new Tuner(root);
    }

    /** Writing the live host needs root; a folder tree does not. */
    public void requireWriter(String what) throws UsageException {
        if (root.isLive() && !isRoot()) {
            throw new UsageException(what + " changes kernel settings: run it as root (sudo ax650n-tune " + what + ")",
                    ExitCode.ENVIRONMENT);
        }
    }

    static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
