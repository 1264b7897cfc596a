package io.github.jobruntime.bench;

/** A bare JVM that sleeps SECONDS: the baseline of the idle-CPU measurement. */
public final class Sleeper {

    private Sleeper() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.parseLong(args[0]) * 1_000);
    }
}
