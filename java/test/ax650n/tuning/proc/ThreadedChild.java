package ax650n.tuning.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * A multi-threaded child for the affinity tests (started as its own JVM, which also brings the
 * JVM's own start-up threads: GC, JIT compilers, signal dispatcher). It starts four threads
 * that block, then either writes one line {@code tid Cpus_allowed_list} per task of itself to
 * the file named by its first argument and exits with the code in its second argument, or
 * (no arguments) prints "ready" and exits when its stdin closes.
 */
public final class ThreadedChild {
    private ThreadedChild() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch started = new CountDownLatch(4);
        CountDownLatch stop = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                started.countDown();
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "worker-" + i);
            t.setDaemon(true);
            t.start();
        }
        started.await();
        if (args.length >= 1) {
            Files.write(Path.of(args[0]), taskAffinities(), StandardCharsets.UTF_8);
            System.exit(args.length >= 2 ? Integer.parseInt(args[1]) : 0);
        }
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for EOF
        }
        stop.countDown();
    }

    /** One line per task of this process: "tid list". */
    public static List<String> taskAffinities() throws IOException {
        return taskAffinities(ProcessHandle.current().pid());
    }

    public static List<String> taskAffinities(long pid) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.sorted().toList()) {
                try {
                    for (String l : Files.readAllLines(task.resolve("status"))) {
                        if (l.startsWith("Cpus_allowed_list:")) {
                            lines.add(task.getFileName() + " " + l.substring(l.indexOf(':') + 1).strip());
                        }
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a thread that ended between listing and reading
                }
            }
        }
        return lines;
    }
}
