package io.github.jobruntime.os;

import java.util.stream.LongStream;

/** A set of processes that changes as they start and end: a command's whole tree, or this JVM and its children. */
public interface ProcessSource {

    /** {@return the ids of the processes running now} */
    long[] pids();

    /** {@return this JVM and every process it started, as the JDK sees them} */
    static ProcessSource jvm() {
        ProcessHandle self = ProcessHandle.current();
        return () -> LongStream.concat(LongStream.of(self.pid()),
                self.descendants().mapToLong(ProcessHandle::pid)).toArray();
    }
}
