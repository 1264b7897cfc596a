package io.github.jobruntime.run;

import java.util.Map;
import java.util.OptionalInt;

/**
 * Why the JVM is shutting down, as its threads show it while the shutdown hooks run: the thread that started the
 * shutdown waits in {@code Shutdown.runHooks} for them. A termination signal comes through the JVM's
 * {@code Terminator}; any other caller of {@code Runtime.exit} is code, the job's own {@code System.exit} most often.
 *
 * @param byCode whether code called {@code System.exit} or {@code Runtime.exit}, not a signal
 * @param caller the first frame outside the JDK of the thread that called it, or empty
 * @param status the status it gave, where the JVM tells it ({@link ExitStatus})
 */
record ShutdownCause(boolean byCode, String caller, OptionalInt status) {

    private static final ShutdownCause SIGNAL_OR_LAST_THREAD = new ShutdownCause(false, "", OptionalInt.empty());

    /** {@return the cause of the shutdown under way; call from a shutdown hook} */
    static ShutdownCause find() {
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = thread.getValue();
            int hooks = frame(stack, "java.lang.Shutdown", "runHooks");
            if (hooks < 0 || frame(stack, "java.lang.Shutdown", "exit") < 0) {
                continue;
            }
            for (StackTraceElement element : stack) {
                if (element.getClassName().startsWith("java.lang.Terminator")) {
                    return SIGNAL_OR_LAST_THREAD;
                }
            }
            return new ShutdownCause(true, caller(stack, hooks), ExitStatus.last());
        }
        // No thread in Shutdown.exit: the JVM's last thread that is not a daemon ended, as it does when main returns.
        return SIGNAL_OR_LAST_THREAD;
    }

    /** {@return what happened, for the result: "the job ended the JVM itself with System.exit(7), called from …"} */
    String describe() {
        return "the job ended the JVM itself with System.exit("
                + (status.isPresent() ? Integer.toString(status.getAsInt()) : "") + ")"
                + (caller.isEmpty() ? "" : ", called from " + caller) + ", before it returned a result"
                + (status.isPresent() ? "" : "; the process exits with the status it gave");
    }

    private static int frame(StackTraceElement[] stack, String type, String method) {
        for (int i = 0; i < stack.length; i++) {
            if (stack[i].getClassName().equals(type) && stack[i].getMethodName().equals(method)) {
                return i;
            }
        }
        return -1;
    }

    private static String caller(StackTraceElement[] stack, int from) {
        for (int i = from; i < stack.length; i++) {
            String type = stack[i].getClassName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                StackTraceElement frame = stack[i];
                return type + "." + frame.getMethodName() + "(" + frame.getFileName() + ":" + frame.getLineNumber()
                        + ")";
            }
        }
        return "";
    }
}
