package io.github.jobruntime;

import gg.jte.Content;
import java.util.List;
import java.util.Objects;

/**
 * What a status page template gets: the job's state, already formatted, and the parts the default page is made
 * of. Every string here is plain text, so a jte template escapes it ({@code ${page.title()}}); every
 * {@link Parts part} is finished, escaped HTML, written with {@code ${page.parts().progress()}}. A page built
 * with {@link JobRuntime.Builder#template(StatusTemplate)}:
 *
 * <pre>{@code
 * @import io.github.jobruntime.StatusPageView
 * @param StatusPageView page
 * <!DOCTYPE html>
 * <html lang="en">
 * <head>${page.parts().head()}</head>
 * <body><main>
 * ${page.parts().header()}
 * <section class="card"><h2>Case</h2><p>${page.title()} on ${page.host()}</p></section>
 * ${page.parts().progress()}
 * ${page.parts().controls()}
 * ${page.parts().log()}
 * </main></body>
 * </html>
 * }</pre>
 */
@SuppressWarnings("InvalidInlineTag") // the example's jte @import and @param lines are code, as javadoc shows them
public interface StatusPageView {

    /** {@return the job's title, as given to the builder} */
    String title();

    /** {@return the state in lower case, e.g. {@code running}, {@code succeeded}; also a CSS class of the parts} */
    String state();

    /** {@return the state for people, e.g. {@code Running}} */
    String stateLabel();

    /** {@return whether the job has ended: the page is the final one and shows no controls} */
    boolean terminal();

    /** {@return the percentage done without the sign, e.g. {@code 37.5}; {@code 0} when unknown} */
    String percent();

    /** {@return done and total for people, e.g. {@code 42 / 100}; empty when nothing was reported} */
    String doneText();

    /** {@return the job's current message, or empty} */
    String message();

    /** {@return the time since the job started running, e.g. {@code 1 min 05 s}} */
    String elapsed();

    /** {@return the progress rate, e.g. {@code 2.5 /s}, or {@code –}} */
    String rate();

    /** {@return the estimated time left, or {@code –}} */
    String eta();

    /** {@return the local time the job started running} */
    String startedAt();

    /** {@return the local time this page was written} */
    String updatedAt();

    /** {@return the result text once the job has ended, else empty} */
    String result();

    /** {@return the host the job runs on} */
    String host();

    /** {@return the key figures set with {@link JobContext#fact(String, String)}, in the order first set} */
    List<Fact> facts();

    /** {@return the newest lines of the log tail, oldest first} */
    List<String> logTail();

    /** {@return the default page's parts, for a template to place} */
    Parts parts();

    /**
     * A key figure of the job, e.g. {@code Mesh cells} = {@code 1,245,760}.
     *
     * @param name  its label
     * @param value its value as shown
     */
    record Fact(String name, String value) {

        public Fact {
            Objects.requireNonNull(name, "fact name");
            Objects.requireNonNull(value, "fact value");
        }
    }

    /**
     * The default page's parts as finished HTML. Each is a {@code <section class="card">} (the header and the
     * progress included) or nothing when it has nothing to show, except {@link #head()}, which goes inside
     * {@code <head>}, and {@link #footer()}. The default page is these parts in this order inside
     * {@code <main>}.
     */
    interface Parts {

        /**
         * {@return what goes inside {@code <head>}: {@code <meta charset="utf-8">} first, the viewport, the
         * {@code job-state} and {@code job-progress} meta tags for scripts, the {@code <title>} and the styles
         * of every part} The template writes {@code <head>} itself, so that the platform can put its script
         * right after it; a {@code <style>} of the template's own may follow this part.
         */
        Content head();

        /** {@return the title, the state badge, the host and the start time} */
        Content header();

        /**
         * {@return the progress bar, percent (also as {@code data-jr="progress-percent"}), done/total, message,
         * elapsed, rate ({@code data-jr="rate"}), time left ({@code data-jr="eta-seconds"}) and last update}
         */
        Content progress();

        /**
         * {@return the CPU cores, memory and I/O of the job's processes, set against their limits, and the wall
         * time left; a warning card when memory is above 90 % of its limit or the progress will not finish in the
         * wall time; empty before anything is known} Each figure is
         * {@code <span data-jr="NAME" data-value="RAW">}, the raw number in cores, bytes or seconds.
         */
        Content resources();

        /** {@return the buttons while the job runs, with their script; empty on the final page} */
        Content controls();

        /** {@return the highlighted note, e.g. that an abort was requested, or empty} */
        Content note();

        /** {@return the result text on the final page, else empty} */
        Content result();

        /** {@return the table of key figures, or empty} */
        Content facts();

        /** {@return the sanitized HTML sections, each with its title as {@code <h2>}, or empty} */
        Content sections();

        /** {@return the metric charts, or empty} */
        Content metrics();

        /** {@return the embedded images, or empty} */
        Content images();

        /** {@return the control messages received and what became of them, or empty} */
        Content messages();

        /** {@return the log tail, or empty} */
        Content log();

        /** {@return the line naming job-runtime's version and the time the page was written} */
        Content footer();
    }
}
