package dev.quicksilver.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a tool (podman, buildah, node, nginx...) to its end, its output in a file so that it cannot block. */
final class Command {
    private Command() {}

    /** The tool's exit status and everything it printed (standard output and error together). */
    record Result(int status, String output) {}

    static Result run(Path workDir, long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("command", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(command + " did not end within " + timeoutSeconds + " s:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Runs the command and returns its output; fails with that output when it exits with another status than 0. */
    static String check(Path workDir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
        Result result = run(workDir, timeoutSeconds, List.of(command));
        if (result.status() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + result.status() + ":\n"
                    + result.output());
        }
        return result.output();
    }
}
