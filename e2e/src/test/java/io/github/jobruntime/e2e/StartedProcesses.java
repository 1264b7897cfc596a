package io.github.jobruntime.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The processes a test started, killed with all their descendants after it, whatever it asserted: a failed test
 * must not leave a launcher and its command running into the next one.
 */
public final class StartedProcesses implements AfterEachCallback {

    private final List<Process> started = new ArrayList<>();

    /** {@return {@code process}, to be killed after the test} */
    public Process add(Process process) {
        started.add(process);
        return process;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        started.clear();
    }
}
