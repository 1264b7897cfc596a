package io.github.jobruntime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A Java job for tests about resources, run in a child JVM: holds {@code MB} megabytes of touched memory until it is
 * aborted. {@code ResourceHog SERVICE_DIR MB}.
 */
public final class ResourceHog {

    private ResourceHog() {
    }

    public static void main(String[] args) {
        Path service = Path.of(args[0]);
        int megabytes = Integer.parseInt(args[1]);
        JobOutcome outcome = JobRuntime.builder().title("Hog").serviceDir(service)
                .statusInterval(Duration.ofMillis(300)).build()
                .run(ctx -> {
                    byte[][] held = new byte[megabytes][];
                    for (int i = 0; i < megabytes; i++) {
                        held[i] = new byte[1024 * 1024];
                        Arrays.fill(held[i], (byte) 1);
                    }
                    ctx.message("holding " + megabytes + " MB");
                    while (!ctx.isAbortRequested()) {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            break;
                        }
                    }
                    return "held " + held.length + " MB";
                });
        System.exit(outcome.exitCode());
    }
}
