package io.github.jobruntime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.testkit.ReadOnlyFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceFolderTest {

    @TempDir
    Path dir;

    @Test
    void missingFolderIsNamedWithTheBindHint() {
        Path missing = dir.resolve("service");
        JobConfigurationException e = assertThrows(JobConfigurationException.class, () -> ServiceFolder.open(missing));
        assertTrue(e.getMessage().contains(missing + " does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("-B DIR:/service"), e.getMessage());
    }

    @Test
    void fileInsteadOfFolderIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("service"), "");
        JobConfigurationException e = assertThrows(JobConfigurationException.class, () -> ServiceFolder.open(file));
        assertTrue(e.getMessage().contains(file + " is not a folder"), e.getMessage());
    }

    @Test
    void readOnlyFolderIsRefusedAndLeftEmpty() throws IOException {
        try (ReadOnlyFolder readOnly = ReadOnlyFolder.create(dir.resolve("service"))) {
            JobConfigurationException e =
                    assertThrows(JobConfigurationException.class, () -> ServiceFolder.open(readOnly.dir()));
            assertTrue(e.getMessage().contains("cannot write to service folder " + readOnly.dir()), e.getMessage());
            assertTrue(e.getMessage().contains("-B DIR:/service"), e.getMessage());
            try (Stream<Path> files = Files.list(readOnly.dir())) {
                assertEquals(0, files.count());
            }
        }
    }

    @Test
    void writableFolderNamesThePlatformFiles() {
        ServiceFolder service = ServiceFolder.open(dir);
        assertEquals(dir.resolve("status.html"), service.statusFile());
        assertEquals(dir.resolve("result.txt"), service.resultFile());
        assertEquals(dir.resolve("notifications.txt"), service.notificationsFile());
    }
}
