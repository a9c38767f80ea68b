package dev.quicksilver.loadtest.workers;

import dev.quicksilver.loadtest.HubTarget;
import dev.quicksilver.loadtest.LoadTest;
import dev.quicksilver.loadtest.Settings;
import dev.quicksilver.loadtest.measure.PublishLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's side of a run with {@code --workers W}: starts W child JVMs of this tool (the
 * same java binary and class path), each holding a contiguous share of the subscribers, and talks
 * to them over their stdin and stdout ({@link WorkerRun}, {@link WorkerReport}). The coordinator
 * itself holds no subscriber and publishes: it then needs no file descriptor for subscribers, and
 * its publisher's timing is not disturbed by a share of the streams' reading.
 *
 * <p>Every wait is bounded: a worker that has not said it is connected by the connect timeout plus
 * {@link #START_MARGIN}, or has not sent its result by the settle time plus {@link #RESULT_MARGIN},
 * is killed and reported, as is one that died; its subscribers count as failed.
 */
public final class Workers implements AutoCloseable {
    /** Time for a worker's JVM to start, beyond the connect timeout. */
    public static final Duration START_MARGIN = Duration.ofSeconds(30);
    /** Time for a worker to count and send its result, beyond the settle time. */
    public static final Duration RESULT_MARGIN = Duration.ofSeconds(30);
    private static final String END_OF_OUTPUT = "\u0000end";
    private static final int MAX_QUEUED_LINES = 1_000;

    /** One worker process and what it said. */
    public static final class Child {
        final int index;
        final int requested;
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>(MAX_QUEUED_LINES);
        WorkerReport connected;
        WorkerReport result;
        /** Why it failed, or null. */
        String failure;

        Child(int index, int requested, Process process) {
            this.index = index;
            this.requested = requested;
            this.process = process;
        }

        public int index() {
            return index;
        }

        public int requested() {
            return requested;
        }

        /** Its process id, or -1 when it could not be started. */
        public long pid() {
            return process == null ? -1 : process.pid();
        }

        /** Its connected message, or null. */
        public WorkerReport connected() {
            return connected;
        }

        /** Its result, or null when it failed. */
        public WorkerReport result() {
            return result;
        }

        /** Why it failed (it died, or was killed for silence), or null. */
        public String failure() {
            return failure;
        }
    }

    private final Settings settings;
    private final PrintStream log;
    private final List<Child> children = new ArrayList<>();

    public Workers(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    public List<Child> children() {
        return List.copyOf(children);
    }

    /**
     * Starts the workers and waits until each has said it is connected (or failed), at most the
     * connect timeout plus {@link #START_MARGIN}.
     */
    public void startAndAwaitConnected() throws InterruptedException {
        int w = settings.cluster().workers();
        for (int k = 0; k < w; k++) {
            int requested = settings.shareStart(k + 1) - settings.shareStart(k);
            ProcessBuilder pb = new ProcessBuilder(command(k));
            // The class path in the environment: the command line stays short and readable in ps.
            pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            if (settings.subscriberToken() != null) {
                pb.environment().put("LOADTEST_SUBSCRIBER_TOKEN", settings.subscriberToken()); // not in ps's view
            }
            pb.environment().remove("LOADTEST_PUBLISHER_TOKEN");
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                Child c = new Child(k, requested, null);
                c.failure = "could not start: " + e.getMessage();
                children.add(c);
                continue;
            }
            Child c = new Child(k, requested, p);
            children.add(c);
            pump(p.getInputStream(), c, true);
            pump(p.getErrorStream(), c, false);
        }
        long deadline = System.nanoTime() + settings.connectTimeout().plus(START_MARGIN).toNanos();
        for (Child c : children) {
            if (c.failure == null) {
                c.connected = await(c, WorkerReport.CONNECTED, deadline, "connected");
                if (c.connected != null) {
                    log.printf("worker %d (pid %d): %d of %d subscribers established in %.1f s%n", c.index, c.pid(),
                            c.connected.established(), c.requested, c.connected.connectS());
                }
            }
        }
    }

    /**
     * Sends every publish's send time and answer to the workers, and waits for their results, at
     * most the settle time plus {@link #RESULT_MARGIN}.
     */
    public void settle(PublishLog publishes) throws InterruptedException {
        String line = WorkerRun.SENT + Codec.sent(publishes) + "\n";
        for (Child c : children) {
            if (c.failure != null) {
                continue;
            }
            try {
                OutputStream stdin = c.process.getOutputStream();
                stdin.write(line.getBytes(StandardCharsets.US_ASCII));
                stdin.flush();
            } catch (IOException e) {
                // It died: its stdout's end tells how, below.
            }
        }
        long deadline = System.nanoTime() + settings.settle().plus(RESULT_MARGIN).toNanos();
        for (Child c : children) {
            if (c.failure == null) {
                c.result = await(c, WorkerReport.RESULT, deadline, "result");
            }
        }
    }

    /** Waits for a message of {@code type} from {@code c}; on its death or silence, records why and kills it. */
    private WorkerReport await(Child c, String type, long deadline, String what) throws InterruptedException {
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left <= 0 ? null : c.lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                c.failure = "no " + what + " message in time (killed)";
                c.process.destroyForcibly();
                log.printf("worker %d: %s%n", c.index, c.failure);
                return null;
            }
            if (line.equals(END_OF_OUTPUT)) {
                c.failure = "died before its " + what + " message (" + exit(c.process) + ")";
                log.printf("worker %d: %s%n", c.index, c.failure);
                return null;
            }
            try {
                WorkerReport r = WorkerReport.parse(line);
                if (type.equals(r.type())) {
                    return r;
                }
            } catch (IllegalArgumentException e) {
                c.failure = "sent a malformed message: " + e.getMessage() + " (killed)";
                c.process.destroyForcibly();
                return null;
            }
        }
    }

    private static String exit(Process p) {
        try {
            if (p.waitFor(5, TimeUnit.SECONDS)) {
                int code = p.exitValue();
                return code > 128 ? "exit code " + code + ", signal " + (code - 128) : "exit code " + code;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "its output closed";
    }

    /**
     * Copies a worker's output on a thread of its own: message lines into its queue (then an end
     * marker), anything else to the log with the worker's number.
     */
    private void pump(InputStream stream, Child c, boolean messages) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (messages && line.startsWith(WorkerReport.PREFIX)) {
                        c.lines.offer(line);
                    } else {
                        log.println("[worker " + c.index + "] " + line);
                    }
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                if (messages) {
                    c.lines.offer(END_OF_OUTPUT);
                }
            }
        }, "loadtest-worker-" + c.index + (messages ? "-out" : "-err"));
        t.setDaemon(true);
        t.start();
    }

    /** The command line of worker {@code k}: this JVM's java binary, the tool's main class, the run's options. */
    List<String> command(int k) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add(LoadTest.class.getName());
        cmd.addAll(workerOptions(settings, k));
        return cmd;
    }

    /**
     * The options of worker {@code k}: the run's, but its share of the connect rate (the workers
     * ramp at once), no publisher and no report files.
     */
    public static List<String> workerOptions(Settings s, int k) {
        List<String> o = new ArrayList<>();
        for (HubTarget hub : s.hubs()) {
            o.add("--hub");
            o.add(hub.url());
        }
        int w = s.cluster().workers();
        add(o, "--worker", k + "/" + w);
        add(o, "--subscribers", Integer.toString(s.subscribers()));
        add(o, "--topics", Integer.toString(s.topics()));
        add(o, "--templates", Integer.toString(s.templates()));
        add(o, "--topic-prefix", s.topicPrefix());
        add(o, "--rate", Double.toString(s.rate()));
        add(o, "--duration", seconds(s.duration()));
        add(o, "--payload", Integer.toString(s.payload()));
        add(o, "--source-addresses", Integer.toString(s.sourceAddresses()));
        add(o, "--connect-rate", Integer.toString(Math.max(1, (s.connectRate() + w - 1) / w)));
        add(o, "--connect-timeout", seconds(s.connectTimeout()));
        add(o, "--settle", seconds(s.settle()));
        add(o, "--io-threads", Integer.toString(s.ioThreads()));
        add(o, "--protocol", s.protocol().name().toLowerCase(Locale.ROOT));
        add(o, "--seed", Long.toString(s.cluster().seed()));
        if (s.cluster().reconnect()) {
            o.add("--reconnect");
        }
        return o;
    }

    private static void add(List<String> o, String option, String value) {
        o.add(option);
        o.add(value);
    }

    private static String seconds(Duration d) {
        return Double.toString(d.toNanos() / 1e9);
    }

    /** Ends every worker: closes its stdin, waits a little, then kills it. */
    @Override
    public void close() {
        for (Child c : children) {
            if (c.process == null) {
                continue;
            }
            try {
                c.process.getOutputStream().close();
            } catch (IOException e) {
                // already gone
            }
        }
        for (Child c : children) {
            if (c.process == null) {
                continue;
            }
            try {
                if (!c.process.waitFor(10, TimeUnit.SECONDS)) {
                    c.process.destroyForcibly();
                    c.process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                c.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
