package io.github.jobruntime.cli;

import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.Platform;
import io.github.jobruntime.io.ServiceFolder;
import io.github.jobruntime.launcher.ServiceDirOption;
import io.github.jobruntime.run.Settings;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code job-runtime notify MESSAGE...}: sends control messages to a running job, as the platform does. */
@Command(name = "notify", mixinStandardHelpOptions = true,
        description = "Appends each MESSAGE and a newline to notifications.txt in the service folder, "
                + "one append per message, exactly as the platform does when a page button is clicked.")
final class NotifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ServiceDirOption serviceDir;

    @Parameters(paramLabel = "MESSAGE", arity = "1..*", description = "Messages such as ABORT.")
    private List<String> messages;

    @Override
    public Integer call() {
        ServiceFolder service = ServiceFolder.open(
                serviceDir.orVariable(System.getenv()).orElse(Settings.SERVICE_DIR.fallback()));
        for (String message : messages) {
            if (message.isBlank()) {
                throw new JobConfigurationException("an empty message is ignored by every job - give e.g. ABORT");
            }
        }
        for (String message : messages) {
            Platform.at(service.dir()).send(message);
        }
        spec.commandLine().getOut().printf("sent %d message(s) to %s%n", messages.size(), service.notificationsFile());
        return 0;
    }
}
