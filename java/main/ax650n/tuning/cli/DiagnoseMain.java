package ax650n.tuning.cli;

/** Entry point of {@code ax650n-diagnose}; the only place that calls System.exit. */
public final class DiagnoseMain {
    private DiagnoseMain() {
    }

    public static void main(String[] args) {
        System.exit(new DiagnoseCommand().run(args, System.out, System.err));
    }
}
