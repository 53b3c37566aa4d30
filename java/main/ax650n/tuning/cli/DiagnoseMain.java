package ax650n.tuning.cli;

/** Entry point of {@code ax650n-diagnose}; the only place that calls System.exit. */
public final class DiagnoseMain {
    private DiagnoseMain() {
    }

    public static void main(String[] args) {
        LastResort.backgroundThreads("ax650n-diagnose", System.err);
        // an anonymous class, not a lambda: no invokedynamic bootstrap at start-up (CdsTraining archives it)
        System.exit(LastResort.run("ax650n-diagnose", System.err, new java.util.function.IntSupplier() {
            @Override
            public int getAsInt() {
                return new DiagnoseCommand().run(args, System.out, System.err);
            }
        }));
    }
}
