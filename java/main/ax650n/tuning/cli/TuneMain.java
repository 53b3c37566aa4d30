package ax650n.tuning.cli;

/** Entry point of {@code ax650n-tune}; the only place that calls System.exit. */
public final class TuneMain {
    private TuneMain() {
    }

    public static void main(String[] args) {
        LastResort.backgroundThreads("ax650n-tune", System.err);
        // an anonymous class, not a lambda: no invokedynamic bootstrap at start-up (CdsTraining archives it)
        System.exit(LastResort.run("ax650n-tune", System.err, new java.util.function.IntSupplier() {
            @Override
            public int getAsInt() {
                return new TuneCommand().run(args, System.out, System.err);
            }
        }));
    }
}
