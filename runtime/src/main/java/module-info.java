/**
 * job-runtime: turns any computation into a well-behaved HPC job that reports through the platform's
 * {@code /service} folder. The API is the one exported package, {@code io.github.jobruntime}; the feature
 * packages (run, host, command, status, notify, io, os) are public to each other, and to the launcher
 * (io.github.jobruntime.launcher, which builds the java -jar launcher and the options mixin on them) only.
 */
// The launcher is built after this module, so javac cannot see it here and would warn about the qualified exports.
@SuppressWarnings("module")
module io.github.jobruntime {
    // In the API: StatusTemplate and StatusPageView.Parts speak jte's types.
    requires transitive gg.jte.runtime;
    requires org.slf4j;
    // Sanitizes the HTML of JobContext.section: part of the API, so not optional (see docs/layout.md).
    requires org.jsoup;
    // Where present, it tells the status a job gave System.exit (Java 21 on); a run does without it.
    requires static java.logging;
    // The CPU time of a parsing thread: the budget of one match of an output rule (command.TimedText).
    requires java.management;

    exports io.github.jobruntime;

    // What the launcher builds on: the settings' table and a run's parts for run, the folder and messages for
    // notify and preview, the early page for the first page.
    exports io.github.jobruntime.io to io.github.jobruntime.launcher;
    exports io.github.jobruntime.notify to io.github.jobruntime.launcher;
    exports io.github.jobruntime.command to io.github.jobruntime.launcher;
    exports io.github.jobruntime.host to io.github.jobruntime.launcher;
    exports io.github.jobruntime.os to io.github.jobruntime.launcher;
    exports io.github.jobruntime.run to io.github.jobruntime.launcher;
    exports io.github.jobruntime.status to io.github.jobruntime.launcher;
}
