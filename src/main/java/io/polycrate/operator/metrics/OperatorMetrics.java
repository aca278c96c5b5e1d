package io.polycrate.operator.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.polycrate.operator.api.v1alpha1.RunPhase;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunStatus;

/**
 * The operator's Prometheus metrics (served on /q/metrics). Every label has a fixed, small set of values:
 * phases and outcomes, never a run, workspace or namespace name, so the number of series stays bounded
 * however many runs there are.
 */
@ApplicationScoped
public class OperatorMetrics {
    private final MeterRegistry registry;
    private final Counter stepsStarted;
    private final Counter reconcileErrors;
    private final AtomicReference<Supplier<Stream<WorkflowRun>>> runs = new AtomicReference<>(Stream::empty);

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.stepsStarted = Counter.builder("polycrate.steps.started")
                .description("Steps whose Job the operator created").register(registry);
        this.reconcileErrors = Counter.builder("polycrate.reconcile.errors")
                .description("Reconciles of a WorkflowRun that failed and will be retried").register(registry);
        for (RunPhase phase : RunPhase.values()) {
            Gauge.builder("polycrate.workflowruns", () -> count(phase))
                    .description("WorkflowRuns the operator knows of, by phase")
                    .tag("phase", phase.name()).register(registry);
        }
        Gauge.builder("polycrate.prompts.waiting", () -> count(RunPhase.AwaitingApproval))
                .description("Prompts waiting for an answer (one per run in AwaitingApproval)").register(registry);
    }

    /**
     * JOSDK's own reconcile metrics, without its per-resource ones: those carry a label per run name and
     * namespace, which grows without bound.
     */
    @Produces
    @Singleton
    Metrics josdkMetrics() {
        return MicrometerMetrics.withoutPerResourceMetrics(registry);
    }

    /** Where the gauges read the runs from: the operator's informer cache, read at scrape time. */
    public void readRunsFrom(Supplier<Stream<WorkflowRun>> source) {
        runs.set(source);
    }

    private double count(RunPhase phase) {
        return runs.get().get().filter(run -> (run.getStatus() == null || run.getStatus().getPhase() == null
                ? RunPhase.Pending : run.getStatus().getPhase()) == phase).count();
    }

    /** Counts what happened between the status a run had and the one just written. */
    public void recordTransition(WorkflowRunStatus before, WorkflowRunStatus after, Instant now) {
        for (Object seen : RunTransitions.between(before, after, now)) {
            if (seen instanceof RunTransitions.StepStarted) {
                stepsStarted.increment();
            } else if (seen instanceof RunTransitions.StepFinished finished) {
                String result = lower(finished.phase());
                Counter.builder("polycrate.steps.finished").description("Steps that ended, by result")
                        .tag("result", result).register(registry).increment();
                if (finished.ran() != null) {
                    timer("polycrate.step.duration", "How long steps ran, from Job creation to their end, by result",
                            "result", result).record(finished.ran());
                }
            } else if (seen instanceof RunTransitions.PromptAnswered answered && answered.waited() != null) {
                timer("polycrate.prompt.wait", "How long prompts waited for an answer, by how the wait ended",
                        "outcome", answered.outcome().toLowerCase(Locale.ROOT)).record(answered.waited());
            } else if (seen instanceof RunTransitions.RunFinished run) {
                Counter.builder("polycrate.workflowruns.finished").description("WorkflowRuns that ended, by phase")
                        .tag("phase", run.phase().name()).register(registry).increment();
            }
        }
    }

    public void reconcileFailed() {
        reconcileErrors.increment();
    }

    private Timer timer(String name, String description, String tag, String value) {
        return Timer.builder(name).description(description).tag(tag, value)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofHours(2))
                .register(registry);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
