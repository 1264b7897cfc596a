package io.github.jobruntime.os;

import io.github.jobruntime.io.Logs;
import io.github.jobruntime.io.Threads;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Makes this JVM a child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER)}, Linux 3.4 and later): a process whose
 * parent dies is then re-parented to this JVM instead of to init, so that a command's process that leaves its session
 * and drops its environment still shows as this JVM's child. The call goes through the FFM API of Java 22 and later,
 * reached by reflection because the runtime is compiled for Java 17; only where native access is enabled for the
 * runtime (the executable jars' {@code Enable-Native-Access} manifest attribute), so that the JVM never prints its
 * restricted-method warning into the job's log. Linking the call costs a cold JVM 50 to 250 ms (more on a loaded
 * machine), so {@link #prepare()} starts it early, beside the launcher's other start-up work.
 */
final class ChildSubreaper {

    private static final Logger LOG = Logs.get(ChildSubreaper.class);
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int WNOHANG = 1;
    private static final Object LOCK = new Object();

    /** Null until the first {@link #enable()}; then empty when this JVM is a subreaper, else why not. */
    private static Optional<String> failure;
    private static boolean prepared;
    /** What linking waitpid needs, kept from {@link #enable()}; null where this JVM is no subreaper. */
    private static Ffm ffm;
    /** waitpid(pid, NULL, options) as (int, Object, int) int; linked at the first reap. */
    private static MethodHandle waitpid;
    private static Object nullPointer;

    /** The FFM API's objects, reached by reflection. */
    private record Ffm(Object linker, Object lookup, Method find, Method of, Method downcall, Class<?> layoutType,
            Class<?> optionType, Class<?> segmentType, Object javaInt, Object address) {
    }

    private ChildSubreaper() {
    }

    /**
     * Starts {@link #enable()} on a thread of its own, once, where it has work to do (Java 22 and later): the command
     * line is parsed and the runtime set up meanwhile, and the command's start waits only for what is left of it.
     */
    static void prepare() {
        synchronized (LOCK) {
            if (prepared || failure != null || Runtime.version().feature() < 22) {
                return;
            }
            prepared = true;
        }
        Threads.daemon("job-runtime-subreaper", ChildSubreaper::enable).start();
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
            if (waitpid == null && ffm != null) {
                linkWaitpid(ffm);
                ffm = null;
            }
            handle = waitpid;
            nowhere = nullPointer;
        }
        if (handle == null) {
            return;
        }
        try {
            int reaped = (int) handle.invokeExact((int) pid, nowhere, WNOHANG);
            LOG.debug("waitpid({}) returned {}", pid, reaped);
        } catch (Throwable e) { // invokeExact throws what the call throws: nothing here is worth a stop
            LOG.debug("cannot reap process {}: {}", pid, e.toString());
        }
    }

    private static void linkWaitpid(Ffm api) {
        try {
            // int waitpid(pid_t pid, int *status, int options)
            Object symbol = ((Optional<?>) api.find().invoke(api.lookup(), "waitpid")).orElse(null);
            if (symbol == null) {
                return;
            }
            MethodHandle handle = (MethodHandle) api.downcall().invoke(api.linker(), symbol,
                    api.of().invoke(null, api.javaInt(), layouts(api.layoutType(), api.javaInt(), api.address(),
                            api.javaInt())), Array.newInstance(api.optionType(), 0));
            waitpid = handle.asType(MethodType.methodType(int.class, int.class, Object.class, int.class));
            nullPointer = api.segmentType().getField("NULL").get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("cannot link waitpid: {}", e.toString());
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
            Method find = lookupType.getMethod("find", String.class);
            Method of = descriptorType.getMethod("of", layoutType, layoutType.arrayType());
            Method downcall = linkerType.getMethod("downcallHandle", segmentType, descriptorType,
                    optionType.arrayType());

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
            // invokeExact with the handle's own type: invokeWithArguments would spin its adapters, 100 ms more.
            int result = (int) prctl.invokeExact(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
            if (result != 0) {
                return Optional.of("prctl(PR_SET_CHILD_SUBREAPER) returned " + result);
            }
            // waitpid, for the orphans that end as this JVM's zombies, is linked when the first one needs it.
            ffm = new Ffm(linker, lookup, find, of, downcall, layoutType, optionType, segmentType, javaInt, address);
            return Optional.empty();
        } catch (InvocationTargetException e) {
            return Optional.of("the FFM API failed: " + e.getCause());
        } catch (Throwable e) { // invokeExact throws Throwable; reflection throws what this JDK lacks
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
