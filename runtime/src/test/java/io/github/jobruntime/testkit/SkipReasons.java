package io.github.jobruntime.testkit;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints every skipped test with its reason on the console when a module's tests have run: the build's summary
 * only counts them, and a missing tool (see {@link Requirement}) should not hide in the reports. Registered through
 * {@code META-INF/services}, so it runs in every module whose tests have this test kit on their class path.
 */
public final class SkipReasons implements TestExecutionListener {

    private final List<String> skipped = new CopyOnWriteArrayList<>();
    private volatile TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        skipped.clear();
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        skipped.add(name(test) + ": " + reason);
    }

    /** A test that stopped on an assumption ({@code Assumptions.abort}, {@link Requirement#assume}) was skipped. */
    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            skipped.add(name(test) + ": " + result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (skipped.isEmpty()) {
            return;
        }
        PrintStream out = System.out;
        out.println("[WARNING] Skipped tests (" + skipped.size() + "), with the reason:");
        skipped.forEach(line -> out.println("[WARNING]   " + line));
        out.flush();
    }

    private String name(TestIdentifier test) {
        TestPlan current = plan;
        String parent = current == null ? "" : current.getParent(test).map(p -> p.getDisplayName() + " > ").orElse("");
        return parent + test.getDisplayName();
    }
}
