package io.github.jobruntime.process;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this JVM a child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER)}, Linux 3.4 and later): a process whose
 * parent dies is then re-parented to this JVM instead of to init, so that a command's process that leaves its session
 * and drops its environment still shows as this JVM's child. The call goes through the FFM API of Java 22 and later,
 * reached by reflection because the runtime is compiled for Java 17; only where native access is enabled for the
 * runtime (the executable jars' {@code Enable-Native-Access} manifest attribute), so that the JVM never prints its
 * restricted-method warning into the job's log.
 */
final class ChildSubreaper {

    private static final Logger LOG = LoggerFactory.getLogger(ChildSubreaper.class);
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int WNOHANG = 1;
    private static final Object LOCK = new Object();

    /** Null until the first {@link #enable()}; then empty when this JVM is a subreaper, else why not. */
    private static Optional<String> failure;
    private static MethodHandle waitpid;
    private static Object nullPointer;

    private ChildSubreaper() {
    }

    /**
     * Makes this JVM a child subreaper, once; later calls return the first one's answer.
     *
     * @return empty when this JVM is a subreaper, else why it is not
     */
    static Optional<String> enable() {
        synchronized (LOCK) {
            if (failure == null) {
                long start = System.nanoTime();
                failure = tryEnable();
                LOG.debug("child subreaper: {} in {} ms", failure.orElse("enabled"),
                        (System.nanoTime() - start) / 1_000_000);
            }
            return failure;
        }
    }

    /** {@return whether an earlier {@link #enable()} made this JVM a subreaper} */
    static boolean enabled() {
        synchronized (LOCK) {
            return failure != null && failure.isEmpty();
        }
    }

    /**
     * Reaps {@code pid}, an ended process that was re-parented to this JVM: the JDK waits only for the processes it
     * started, so such a zombie would otherwise keep its pid until this JVM exits. Never call it for a process the
     * JDK started, whose exit code the JDK must read.
     */
    static void reap(long pid) {
        MethodHandle handle;
        Object nowhere;
        synchronized (LOCK) {
            handle = waitpid;
            nowhere = nullPointer;
        }
        if (handle == null) {
            return;
        }
        try {
            handle.invokeWithArguments((int) pid, nowhere, WNOHANG);
        } catch (Throwable e) { // invokeWithArguments throws what the call throws: nothing here is worth a stop
            LOG.debug("cannot reap process {}: {}", pid, e.toString());
        }
    }

    private static Optional<String> tryEnable() {
        if (Runtime.version().feature() < 22) {
            return Optional.of("Java " + Runtime.version().feature() + " has no FFM API to call prctl with; Java 22 "
                    + "and later have");
        }
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return Optional.of("child subreapers are a Linux feature");
        }
        try {
            Module module = ChildSubreaper.class.getModule();
            if (!(Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(module)) {
                return Optional.of("native access is not enabled for " + (module.isNamed() ? module.getName()
                        : "the class path") + " - run java with --enable-native-access="
                        + (module.isNamed() ? module.getName() : "ALL-UNNAMED"));
            }
            Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
            Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
            Class<?> lookupType = Class.forName("java.lang.foreign.SymbolLookup");
            Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> valueLayoutType = Class.forName("java.lang.foreign.ValueLayout");
            Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
            Object linker = linkerType.getMethod("nativeLinker").invoke(null);
            Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
            Object javaInt = valueLayoutType.getField("JAVA_INT").get(null);
            Object javaLong = valueLayoutType.getField("JAVA_LONG").get(null);
            Object address = valueLayoutType.getField("ADDRESS").get(null);
            var find = lookupType.getMethod("find", String.class);
            var of = descriptorType.getMethod("of", layoutType, layoutType.arrayType());
            var downcall = linkerType.getMethod("downcallHandle", segmentType, descriptorType, optionType.arrayType());

            // int prctl(int option, ...): the arguments after the first are variadic, passed as unsigned longs.
            Object prctlSymbol = ((Optional<?>) find.invoke(lookup, "prctl")).orElse(null);
            if (prctlSymbol == null) {
                return Optional.of("the C library has no prctl");
            }
            Object variadic = Array.newInstance(optionType, 1);
            Array.set(variadic, 0, optionType.getMethod("firstVariadicArg", int.class).invoke(null, 1));
            MethodHandle prctl = (MethodHandle) downcall.invoke(linker, prctlSymbol,
                    of.invoke(null, javaInt, layouts(layoutType, javaInt, javaLong, javaLong, javaLong, javaLong)),
                    variadic);
            int result = (int) prctl.invokeWithArguments(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
            if (result != 0) {
                return Optional.of("prctl(PR_SET_CHILD_SUBREAPER) returned " + result);
            }
            // int waitpid(pid_t pid, int *status, int options), for the orphans that end as this JVM's zombies.
            Object waitpidSymbol = ((Optional<?>) find.invoke(lookup, "waitpid")).orElse(null);
            if (waitpidSymbol != null) {
                waitpid = (MethodHandle) downcall.invoke(linker, waitpidSymbol,
                        of.invoke(null, javaInt, layouts(layoutType, javaInt, address, javaInt)),
                        Array.newInstance(optionType, 0));
                nullPointer = segmentType.getField("NULL").get(null);
            }
            return Optional.empty();
        } catch (InvocationTargetException e) {
            return Optional.of("the FFM API failed: " + e.getCause());
        } catch (Throwable e) { // invokeWithArguments throws Throwable; reflection throws what this JDK lacks
            return Optional.of("the FFM API failed: " + e);
        }
    }

    private static Object layouts(Class<?> layoutType, Object... layouts) {
        Object array = Array.newInstance(layoutType, layouts.length);
        for (int i = 0; i < layouts.length; i++) {
            Array.set(array, i, layouts[i]);
        }
        return array;
    }
}
