package io.polycrate.operator.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
import io.polycrate.operator.api.v1alpha1.StepPhase;
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
    private final Map<StepPhase, Counter> stepsFinished = new EnumMap<>(StepPhase.class);
    private final Map<StepPhase, Timer> stepDuration = new EnumMap<>(StepPhase.class);
    private final Map<RunPhase, Counter> runsFinished = new EnumMap<>(RunPhase.class);
    private final Map<String, Timer> promptWait = new HashMap<>();
    private final Map<WebhookResult, Counter> webhookDocuments = new EnumMap<>(WebhookResult.class);
    private final Counter webhookRetries;
    private final AtomicReference<Supplier<Stream<WorkflowRun>>> runs = new AtomicReference<>(Stream::empty);

    public OperatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.stepsStarted = Counter.builder("polycrate.steps.started")
                .description("Steps whose Job the operator created").register(registry);
        this.reconcileErrors = Counter.builder("polycrate.reconcile.errors")
                .description("Reconciles of a WorkflowRun that failed and will be retried").register(registry);
        // the gauges read this instance's runs: a gauge an earlier instance registered (tests start the application
        // again in one JVM, whose global registry keeps meters) would read a stopped operator's cache
        Stream.of("polycrate.workflowruns", "polycrate.prompts.waiting")
                .forEach(name -> registry.find(name).gauges().forEach(registry::remove));
        for (RunPhase phase : RunPhase.values()) {
            Gauge.builder("polycrate.workflowruns", () -> count(phase))
                    .description("WorkflowRuns the operator knows of, by phase")
                    .tag("phase", phase.name()).register(registry);
        }
        Gauge.builder("polycrate.prompts.waiting", () -> count(RunPhase.AwaitingApproval))
                .description("Prompts waiting for an answer (one per run in AwaitingApproval)").register(registry);
        // every labelled meter is registered once, here: a transition only looks it up (and every series
        // is there, at 0, from the start)
        for (StepPhase phase : StepPhase.values()) {
            if (phase.isFinished()) {
                stepsFinished.put(phase, Counter.builder("polycrate.steps.finished")
                        .description("Steps that ended, by result").tag("result", lower(phase)).register(registry));
                stepDuration.put(phase, timer("polycrate.step.duration",
                        "How long steps ran, from Job creation to their end, by result", "result", lower(phase)));
            }
        }
        for (RunPhase phase : RunPhase.values()) {
            if (phase.isFinished()) {
                runsFinished.put(phase, Counter.builder("polycrate.workflowruns.finished")
                        .description("WorkflowRuns that ended, by phase").tag("phase", phase.name()).register(registry));
                promptWait.put(phase.name(), promptWaitTimer(lower(phase)));
            }
        }
        for (WebhookResult result : WebhookResult.values()) {
            webhookDocuments.put(result, Counter.builder("polycrate.webhook.documents")
                    .description("Webhook event documents, by what became of them: delivered, failed (given up "
                            + "after the last attempt or a final answer), dropped (the delivery queue was full)")
                    .tag("result", lower(result)).register(registry));
        }
        webhookRetries = Counter.builder("polycrate.webhook.retries")
                .description("Webhook deliveries attempted again after a failed attempt").register(registry);
        promptWait.put(RunTransitions.ANSWERED, promptWaitTimer(RunTransitions.ANSWERED.toLowerCase(Locale.ROOT)));
    }

    private Timer promptWaitTimer(String outcome) {
        return timer("polycrate.prompt.wait", "How long prompts waited for an answer, by how the wait ended",
                "outcome", outcome);
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
                stepsFinished.get(finished.phase()).increment();
                if (finished.ran() != null) {
                    stepDuration.get(finished.phase()).record(finished.ran());
                }
            } else if (seen instanceof RunTransitions.PromptAnswered answered && answered.waited() != null) {
                promptWait.get(answered.outcome()).record(answered.waited());
            } else if (seen instanceof RunTransitions.RunFinished run) {
                runsFinished.get(run.phase()).increment();
            }
        }
    }

    /** What became of one webhook document. */
    public enum WebhookResult {
        Delivered,
        Failed,
        Dropped
    }

    public void webhookDocument(WebhookResult result) {
        webhookDocuments.get(result).increment();
    }

    public void webhookRetried() {
        webhookRetries.increment();
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
