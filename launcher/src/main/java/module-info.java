/**
 * The job-runtime launcher: {@code java -jar job-runtime.jar run|notify|preview}, and for applications with a
 * picocli command line the standard runtime options ({@code JobRuntimeOptions}) and their start
 * ({@code Launcher.execute}), the one exported package. Apart from the library, so that a job that uses only the
 * builder needs neither picocli nor jdk.httpserver.
 */
module io.github.jobruntime.launcher {
    // JobRuntimeOptions is a picocli mixin that the application's command hands to JobRuntime's builder.
    requires transitive io.github.jobruntime;
    requires transitive info.picocli;
    requires org.slf4j;
    // The preview's local portal.
    requires jdk.httpserver;

    exports io.github.jobruntime.launcher;

    // picocli fills the options and makes the converters and commands by reflection.
    opens io.github.jobruntime.launcher to info.picocli;
    opens io.github.jobruntime.cli to info.picocli;
}
