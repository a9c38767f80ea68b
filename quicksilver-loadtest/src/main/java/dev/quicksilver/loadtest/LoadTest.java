package dev.quicksilver.loadtest;

import dev.quicksilver.loadtest.report.HtmlReport;
import dev.quicksilver.loadtest.report.Json;
import dev.quicksilver.loadtest.report.JsonReader;
import dev.quicksilver.loadtest.report.Result;
import dev.quicksilver.loadtest.report.Summary;
import dev.quicksilver.loadtest.workers.WorkerRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line: loads a Mercure hub on this host with SSE subscribers and a paced publisher,
 * and reports delivery completeness, latency and the hub's CPU and memory. Prints a summary, then
 * the result as one JSON line (the last line of stdout).
 *
 * <p>Exit codes: 0 the run completed (whatever it measured), 2 bad options or a refused target,
 * 1 an unexpected error, 3 the run overran its hard time cap, 4 (a worker) its coordinator went away.
 */
@Command(name = "quicksilver-loadtest", mixinStandardHelpOptions = true, version = "quicksilver-loadtest 0.1",
        sortOptions = false, usageHelpWidth = 110,
        description = {
            "Loads a Mercure hub on this host (loopback only) with raw SSE subscribers and a publisher at a fixed rate.",
            "Subscriber i subscribes to topic <prefix>/<i %% topics> (or URI Template i %% templates); updates go to them in turn.",
            "Reports deliveries received/expected, delivery latency, and with --pid the hub's CPU and memory."})
public final class LoadTest implements Callable<Integer> {
    /** Exit code of a run that overran its hard cap. */
    static final int EXIT_OVERRAN = 3;
    /** File descriptors kept free beyond the sockets: the JVM's own, the publisher's, /proc reads. */
    static final int FD_HEADROOM = 64;

    @Spec
    CommandSpec spec;

    @Option(names = "--hub", paramLabel = "URL", split = ",",
            description = {"The hub URL, e.g. http://127.0.0.1:3000/.well-known/mercure (must resolve to 127.0.0.0/8 or ::1).",
                "Repeat it (or give a comma list) for the nodes of a cluster: subscriber i connects to hub i %% H."})
    List<String> hub;

    @Option(names = "--publish-to", paramLabel = "HOW", defaultValue = "random",
            description = "With several hubs, where each publish goes: random (seeded by --seed), round-robin or first; "
                    + "a hub with no publisher connection up is passed over (default: ${DEFAULT-VALUE}).")
    String publishTo;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of --publish-to random: the same seed picks the same hubs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--reconnect",
            description = "A subscriber whose stream ends reconnects, to the next hub, with Last-Event-ID; an update counts "
                    + "as delivered if it came on either stream, and one received twice counts as a duplicate.")
    boolean reconnect;

    @Option(names = "--workers", paramLabel = "W", defaultValue = "0",
            description = {"Split the subscribers over W child processes (this JVM's java and class path), each under the "
                    + "open-file limit; this process publishes and merges their results (default: ${DEFAULT-VALUE}: "
                    + "one process).", "Each worker ramps at connect-rate / W."})
    int workers;

    /** Set by the coordinator on the command line of each worker it starts. */
    @Option(names = "--worker", paramLabel = "K/W", hidden = true)
    String worker;

    @Option(names = "--subscribers", paramLabel = "N", defaultValue = "100", description = "SSE connections (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--topics", paramLabel = "K", defaultValue = "1", description = "Topics; 1 is a broadcast (default: ${DEFAULT-VALUE}).")
    int topics;

    @Option(names = "--topic-prefix", paramLabel = "IRI", defaultValue = "https://example.com/loadtest",
            description = "Topic j is <prefix>/<j> (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "10", description = "Publishes per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "10", description = "Seconds of publishing (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--payload", paramLabel = "BYTES", defaultValue = "100",
            description = "Size of each update's data: its send time, then padding (default: ${DEFAULT-VALUE}, at least " + Settings.MIN_PAYLOAD + ").")
    int payload;

    @Option(names = "--publisher-token", paramLabel = "JWT", defaultValue = "${env:LOADTEST_PUBLISHER_TOKEN}",
            description = "Publisher JWT, sent as Authorization: Bearer (default: $LOADTEST_PUBLISHER_TOKEN).")
    String publisherToken;

    @Option(names = "--subscriber-token", paramLabel = "JWT", defaultValue = "${env:LOADTEST_SUBSCRIBER_TOKEN}",
            description = "Subscriber JWT (default: $LOADTEST_SUBSCRIBER_TOKEN; none: anonymous).")
    String subscriberToken;

    @Option(names = "--source-addresses", paramLabel = "M",
            description = "Spread subscribers over source addresses 127.0.0.2..127.0.0.(M+1); 0 lets the system choose "
                    + "(default: one per " + Settings.SUBSCRIBERS_PER_SOURCE + " subscribers; 0 for an IPv6 hub).")
    Integer sourceAddresses;

    @Option(names = "--connect-rate", paramLabel = "PER_SECOND", defaultValue = "2000",
            description = "New subscriber connections per second (default: ${DEFAULT-VALUE}).")
    int connectRate;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS",
            description = "Longest wait for all subscribers (default: N / connect-rate + 30).")
    Double connectTimeout;

    @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "5",
            description = "Longest wait after publishing for deliveries on their way (default: ${DEFAULT-VALUE}).")
    double settle;

    @Option(names = "--pid", paramLabel = "PID", split = ",",
            description = "The hub's process id: measure its CPU and memory. Repeat it (or a comma list) for the nodes of "
                    + "a cluster: the hub figures are then their sums, with a row per node.")
    List<Long> pid;

    @Option(names = "--json", paramLabel = "FILE", description = "Append the JSON result line to this file.")
    Path json;

    @Option(names = "--io-threads", paramLabel = "T", defaultValue = "1",
            description = "Event loop threads for the subscribers (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--publish-connections", paramLabel = "P", defaultValue = "8",
            description = "Keep-alive connections of the publisher (default: ${DEFAULT-VALUE}).")
    int publishConnections;

    @Option(names = "--protocol", paramLabel = "P", defaultValue = "mercure",
            description = "mercure, or nchan to load an nginx Nchan server (subscribe at <hub>sub/<j>, publish to "
                    + "<hub>pub/<j>) with the same load (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = "--templates", paramLabel = "T", defaultValue = "0",
            description = "Subscribers select URI Templates <prefix>/t<j>/{group}/items/{id}, j < T, instead of topics; "
                    + "publish s goes to a new topic <prefix>/t<s %% T>/g<k>/items/<s> that matches template s %% T only "
                    + "(default: 0, topics).")
    int templates;

    @Option(names = "--slow-subscribers", paramLabel = "S", defaultValue = "0",
            description = "The first S subscribers stop reading once established (small receive buffer), so the hub's "
                    + "buffer for them fills; their fate is reported apart and they count in no other figure (default: ${DEFAULT-VALUE}).")
    int slowSubscribers;

    @Option(names = "--resume",
            description = "Slow subscribers that the hub cut reconnect with Last-Event-ID; report what they recover.")
    boolean resume;

    @Option(names = "--h2-connections", paramLabel = "K", defaultValue = "0",
            description = "Carry the subscribers as HTTP/2 streams (h2c by prior knowledge) over K connections, "
                    + "at most " + Settings.MAX_STREAMS_PER_H2_CONNECTION + " streams each; 0: one HTTP/1.1 "
                    + "connection per subscriber (default: ${DEFAULT-VALUE}). Not with --slow-subscribers.")
    int h2Connections;

    @Option(names = "--label", paramLabel = "TEXT",
            description = "The run's name in reports and comparisons (default: the protocol and subscriber count).")
    String label;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Write a self-contained HTML report (settings, summary, charts) to this file; with --compare, the comparison.")
    Path html;

    @Option(names = "--compare", paramLabel = "JSONL", arity = "1..*",
            description = "Run nothing: compare the result lines of these files (from --json), side by side with ratios "
                    + "to the first, into --html.")
    List<Path> compare;

    private final PrintStream out;
    private final PrintStream err;

    private Protocol protocol() {
        try {
            return Protocol.valueOf(protocol.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--protocol must be mercure or nchan");
        }
    }

    public LoadTest() {
        this(System.out, System.err);
    }

    LoadTest(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new LoadTest()).execute(args));
    }

    /** The command line of {@code command}: a bad option prints its message, not the whole usage. */
    static CommandLine commandLine(LoadTest command) {
        CommandLine cmd = new CommandLine(command);
        cmd.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("quicksilver-loadtest: " + e.getMessage());
            c.getErr().println("Try --help for the options.");
            c.getErr().flush();
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cmd;
    }

    @Override
    public Integer call() throws Exception {
        if (compare != null) {
            return compare();
        }
        Settings settings = settings();
        checkFileLimit(settings);
        Thread watchdog = watchdog(settings.hardCap());
        if (settings.cluster().worker()) {
            try {
                return new WorkerRun(settings, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)),
                        out, err).run();
            } finally {
                watchdog.interrupt();
            }
        }
        try {
            Result result = new LoadRun(settings, err).run();
            String line = Json.write(result);
            out.print(Summary.of(result));
            out.println(line);
            out.flush();
            if (json != null) {
                Files.writeString(json, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            if (html != null) {
                Files.writeString(html, HtmlReport.run(JsonReader.parse(line)), StandardCharsets.UTF_8);
                err.println("wrote " + html);
            }
            return 0;
        } finally {
            watchdog.interrupt();
        }
    }

    /** Writes the comparison of the result lines in {@link #compare} to {@link #html}. */
    private int compare() throws IOException {
        if (html == null) {
            throw new ParameterException(spec.commandLine(), "--compare needs --html FILE to write the comparison to");
        }
        List<HtmlReport.Run> runs = new ArrayList<>();
        for (Path file : compare) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), "--compare: cannot read " + file + ": " + e.getMessage());
            }
            int n = 0;
            for (String line : lines) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                Object result;
                try {
                    result = JsonReader.parse(line);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--compare: " + file + " line " + n + " is "
                            + e.getMessage());
                }
                runs.add(new HtmlReport.Run(HtmlReport.label(result, file.getFileName() + ":" + n), result));
            }
        }
        if (runs.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--compare: no result lines in " + compare);
        }
        Files.writeString(html, HtmlReport.compare(runs), StandardCharsets.UTF_8);
        out.println("wrote " + html + " comparing " + runs.size() + " runs");
        out.flush();
        return 0;
    }

    /** Checks the options; a {@link ParameterException} (exit code 2) names what is wrong. */
    Settings settings() {
        try {
            if (hub == null || hub.isEmpty()) {
                throw new IllegalArgumentException("Missing required option: '--hub=URL'");
            }
            List<HubTarget> hubs = new ArrayList<>();
            for (String url : hub) {
                hubs.add(HubTarget.parse(url.trim()));
            }
            HubTarget target = hubs.get(0);
            List<Long> pids = pid == null ? List.of() : List.copyOf(pid);
            for (long p : pids) {
                if (!new dev.quicksilver.loadtest.measure.ProcStats(p).readable()) {
                    throw new IllegalArgumentException("--pid " + p + ": no such process (or /proc/" + p + " is not readable)");
                }
            }
            int workerIndex = -1;
            int workerCount = workers;
            if (worker != null) {
                String[] kw = worker.split("/");
                try {
                    workerIndex = Integer.parseInt(kw[0]);
                    workerCount = Integer.parseInt(kw[1]);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("--worker must be k/W");
                }
            }
            Settings.Cluster cluster = new Settings.Cluster(hubs, Settings.PublishTo.parse(publishTo), seed, reconnect,
                    workerCount, workerIndex, pids);
            if (!(duration >= 0) || !(settle >= 0) || (connectTimeout != null && !(connectTimeout >= 0))) {
                throw new IllegalArgumentException("--duration, --settle and --connect-timeout must be 0 or more seconds");
            }
            int sources = sourceAddresses != null ? sourceAddresses
                    : hubs.stream().allMatch(HubTarget::ipv4) ? Settings.defaultSourceAddresses(subscribers) : 0;
            Duration connect = connectTimeout != null ? seconds(connectTimeout)
                    : Settings.defaultConnectTimeout(Math.max(0, subscribers), Math.max(1, connectRate));
            return new Settings(target, subscribers, topics, topicPrefix, rate, seconds(duration), payload,
                    publisherToken, subscriberToken, sources, connectRate, connect, seconds(settle),
                    pids.isEmpty() ? 0 : pids.get(0), json, ioThreads, publishConnections, protocol(), label, templates,
                    slowSubscribers, resume, h2Connections, cluster);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static Duration seconds(double s) {
        if (s > TimeUnit.DAYS.toSeconds(1)) {
            throw new IllegalArgumentException("a time option is longer than a day: " + s + " s");
        }
        return Duration.ofNanos((long) (s * 1e9));
    }

    /**
     * Refuses a run that cannot hold its sockets within the open-file limit: this process's, and
     * each worker's (a worker inherits the limit and holds at most {@link Settings#largestShare}
     * subscribers).
     */
    private void checkFileLimit(Settings s) {
        long limit = OpenFiles.limit();
        long open = OpenFiles.open();
        if (limit <= 0 || open < 0) {
            return;
        }
        if (s.cluster().coordinator() && s.largestShare() + FD_HEADROOM > limit) {
            long perWorker = limit - FD_HEADROOM;
            throw new ParameterException(spec.commandLine(), String.format(
                    "--workers %d: each worker would hold up to %d subscribers, but a process may open %d files "
                            + "(ulimit -n), %d of them kept for the JVM and the tool: use --workers %d or more, or raise "
                            + "the limit (ulimit -n).",
                    s.cluster().workers(), s.largestShare(), limit, FD_HEADROOM,
                    perWorker <= 0 ? Settings.Cluster.MAX_WORKERS : (s.subscribers() + perWorker - 1) / perWorker));
        }
        // A coordinator holds three pipes per worker.
        int sockets = s.subscriberConnections() + s.publisherConnections()
                + (s.cluster().coordinator() ? 3 * s.cluster().workers() : 0);
        if (sockets + open + FD_HEADROOM > limit) {
            throw new ParameterException(spec.commandLine(), String.format(
                    "this process may open %d files (ulimit -n) and already holds %d: %d subscriber connections + %d "
                            + "publisher connections do not fit. Lower --subscribers to %d, use --workers, or raise the "
                            + "limit (ulimit -n).",
                    limit, open, s.subscriberConnections(), s.publisherConnections(),
                    Math.max(0, limit - open - FD_HEADROOM - s.publisherConnections())));
        }
    }

    private Thread watchdog(Duration cap) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(cap.toMillis());
                err.println("quicksilver-loadtest: the run overran its hard cap of " + cap.toSeconds() + " s; stopping");
                err.flush();
                Runtime.getRuntime().halt(EXIT_OVERRAN);
            } catch (InterruptedException e) {
                // the run ended in time
            }
        }, "loadtest-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** This process's open files, from /proc. */
    static final class OpenFiles {
        private OpenFiles() {}

        /** The soft limit on open files, or -1 if unknown. */
        static long limit() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                    if (line.startsWith("Max open files")) {
                        String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
                        return parts[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(parts[0]);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux
            }
            return -1;
        }

        /** How many files are open now, or -1 if unknown. */
        static long open() {
            try (var s = Files.list(Path.of("/proc/self/fd"))) {
                return s.count();
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }
}
