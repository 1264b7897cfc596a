package io.github.jobruntime.command;

import io.github.jobruntime.JobContext;
import io.github.jobruntime.io.Logs;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import org.slf4j.Logger;

/**
 * The output rules applied to the lines of one output stream, on its parser's thread: a matcher per rule, made once
 * and reset for each line (a matcher is not safe to share between the two streams' threads). Each match runs under
 * {@link #MATCH_BUDGET}: a pattern that backtracks for ever on some line is abandoned there, with one warning, and
 * goes on with the next lines; after {@link #OVERRUNS_TO_SWITCH_OFF} such lines it is switched off for the stream.
 * Each {@link TableRule} gets a reader of its own for the stream, which keeps the table it is in.
 */
final class OutputParser implements Consumer<String> {

    private static final Logger LOG = Logs.get(OutputParser.class);
    /** The CPU time a match may take on one line; a fair pattern takes microseconds even on a line of 64 KiB. */
    static final Duration MATCH_BUDGET = Duration.ofMillis(50);
    static final int OVERRUNS_TO_SWITCH_OFF = 10;

    private final String stream;
    private final List<OutputRule> rules;
    private final JobContext ctx;
    /** Null where a rule is switched off. */
    private final Matcher[] matchers;
    private final int[] overruns;
    private final TimedText text;
    private final List<Consumer<String>> tables;
    private final ProgressLead lead;

    OutputParser(String stream, List<OutputRule> rules, JobContext ctx) {
        this(stream, rules, List.of(), ctx, new ProgressLead());
    }

    /** @param lead which progress rule reports, shared with the parser of the other stream */
    OutputParser(String stream, List<OutputRule> rules, List<TableRule> tables, JobContext ctx, ProgressLead lead) {
        this(stream, rules, tables, ctx, new TimedText(MATCH_BUDGET), lead);
    }

    OutputParser(String stream, List<OutputRule> rules, JobContext ctx, TimedText text) {
        this(stream, rules, List.of(), ctx, text, new ProgressLead());
    }

    private OutputParser(String stream, List<OutputRule> rules, List<TableRule> tables, JobContext ctx,
            TimedText text, ProgressLead lead) {
        this.lead = lead;
        this.stream = stream;
        this.rules = List.copyOf(rules);
        this.ctx = ctx;
        this.text = text;
        this.matchers = this.rules.stream().map(rule -> rule.pattern().matcher("")).toArray(Matcher[]::new);
        this.overruns = new int[matchers.length];
        this.tables = tables.stream().map(table -> table.reader(ctx)).toList();
    }

    @Override
    public void accept(String line) {
        for (Consumer<String> table : tables) {
            table.accept(line);
        }
        text.of(line);
        for (int i = 0; i < matchers.length; i++) {
            Matcher matcher = matchers[i];
            if (matcher == null) {
                continue;
            }
            boolean found;
            try {
                found = matcher.reset(text.again()).find();
            } catch (TimedText.OverBudget overBudget) {
                overran(i, line);
                continue;
            }
            OutputRule rule = rules.get(i);
            if (found && (!(rule instanceof OutputRule.Progress progress) || !progress.reports()
                    || lead.admits(i, progress.barOf(matcher)))) {
                rule.apply(line, matcher, ctx);
            }
        }
    }

    private void overran(int rule, String line) {
        int count = ++overruns[rule];
        String option = rules.get(rule).option();
        if (count == 1) {
            LOG.warn("{} found no match within {} ms of CPU time on a line of {} characters of the command's {}, and "
                    + "was abandoned on that line; it goes on with the next lines, and is switched off for the {} "
                    + "after {} such lines - make the pattern simpler: nested repeats such as (.*a){15} try "
                    + "exponentially many ways on a line that does not match", option, MATCH_BUDGET.toMillis(),
                    line.length(), stream, stream, OVERRUNS_TO_SWITCH_OFF);
        } else if (count == OVERRUNS_TO_SWITCH_OFF) {
            matchers[rule] = null;
            LOG.warn("{} is switched off for the command's {}: it ran past its {} ms on {} lines", option, stream,
                    MATCH_BUDGET.toMillis(), count);
        }
    }
}
