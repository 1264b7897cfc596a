package io.github.jobruntime.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This library's version, as the build wrote it into {@code job-runtime.properties}. */
public final class RuntimeVersion {

    private static final String VERSION = read();

    private RuntimeVersion() {
    }

    /** {@return the version, or {@code unknown} outside a build} */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = RuntimeVersion.class.getResourceAsStream("/job-runtime.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read job-runtime.properties from the class path", e);
        }
    }
}
