package io.weir.operations.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.progressbar.ProgressBar;
import io.weir.operations.replay.ReplayJob;
import io.weir.operations.replay.ReplayProgress;
import io.weir.ui.HumanFormat;
import io.weir.ui.StatusBadge;
import java.time.Instant;

/** How the replay pages show a job: its state in colour and words, its progress, its outcomes. */
final class ReplayJobs {

    private ReplayJobs() {
    }

    static Component state(ReplayJob job) {
        StatusBadge.Tone tone = switch (job.state) {
            case RUNNING -> StatusBadge.Tone.NEUTRAL;
            case FINISHED -> job.failed > 0 ? StatusBadge.Tone.WARNING : StatusBadge.Tone.GOOD;
            case PAUSED -> StatusBadge.Tone.WARNING;
            case INTERRUPTED -> StatusBadge.Tone.BAD;
            case CANCELLED -> StatusBadge.Tone.NEUTRAL;
        };
        return new StatusBadge(job.state.name(), tone);
    }

    /** A bar and "4.2k of 10k · 1.2k msg/s · 5 s left". */
    static Component progress(ReplayJob job) {
        ProgressBar bar = new ProgressBar(0, Math.max(1, job.total), Math.min(job.done(), Math.max(1, job.total)));
        ReplayProgress pace = ReplayProgress.of(job, Instant.now());
        String text = HumanFormat.count(job.done()) + " of " + HumanFormat.count(job.total) + " messages"
                + (pace.ratePerSecond() == null ? "" : " · " + HumanFormat.rate(pace.ratePerSecond()).replace("/s", " msgs/s"))
                + (pace.timeLeft() == null ? "" : " · " + HumanFormat.duration(pace.timeLeft()) + " left");
        Div line = new Div(text);
        line.addClassName("weir-secondary");
        return new Div(bar, line);
    }

    static Component outcomes(ReplayJob job) {
        String counts = HumanFormat.count(job.replayed) + " replayed"
                + (job.skipped > 0 ? " · " + HumanFormat.count(job.skipped) + " skipped (replayed before)" : "")
                + (job.failed > 0 ? " · " + HumanFormat.count(job.failed) + " failed" : "")
                + (job.passedOver > 0 ? " · " + HumanFormat.count(job.passedOver) + " not selected" : "");
        return job.message == null ? new Div(counts) : Cells.twoLines(counts, job.message);
    }

    static String when(Instant time) {
        return HumanFormat.ago(time, Instant.now()) + " · " + HumanFormat.absolute(time);
    }
}
