/**
 * job-runtime: turns any computation into a well-behaved HPC job that reports through the platform's
 * {@code /service} folder. The API is the one exported package, {@code io.github.jobruntime}; the feature
 * packages (run, host, command, status, notify, io, os, cli, preview) are public to each other only, and stay
 * inside.
 */
module io.github.jobruntime {
    // In the API: StatusTemplate and StatusPageView.Parts speak jte's types, JobRuntimeOptions is a picocli mixin.
    requires transitive gg.jte.runtime;
    requires transitive info.picocli;
    requires org.slf4j;
    requires org.jsoup;
    requires jdk.httpserver;
    // Where present, it tells the status a job gave System.exit (Java 21 on); a run does without it.
    requires static java.logging;
    // The CPU time of a parsing thread: the budget of one match of an output rule (command.TimedText).
    requires java.management;

    exports io.github.jobruntime;

    // picocli fills the options' private fields and makes the converters and commands by reflection.
    opens io.github.jobruntime to info.picocli;
    opens io.github.jobruntime.cli to info.picocli;
}
