package io.github.jobruntime.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequirementTest {

    private final String saved = System.getProperty("jobruntime.required");

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty("jobruntime.required");
        } else {
            System.setProperty("jobruntime.required", saved);
        }
    }

    @Test
    void missingToolSkipsWhenNotRequired() {
        System.setProperty("jobruntime.required", "slurm");
        assertThrows(TestAbortedException.class, () -> Requirement.assume("chromium", false, "no chromium on PATH"));
    }

    @Test
    void missingToolFailsWhenRequired() {
        System.setProperty("jobruntime.required", "slurm, chromium");
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> Requirement.assume("chromium", false, "no chromium on PATH"));
        assertTrue(e.getMessage().contains("no chromium on PATH"), e.getMessage());
    }

    @Test
    void availableToolRuns() {
        System.setProperty("jobruntime.required", "chromium");
        assertDoesNotThrow(() -> Requirement.assume("chromium", true, "unused"));
    }
}
