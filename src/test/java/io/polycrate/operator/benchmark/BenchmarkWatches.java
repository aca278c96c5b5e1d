package io.polycrate.operator.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The driver's only view of the cluster while it measures: watches (no GET or LIST) on the namespace's step
 * Jobs, step pods, WorkflowRuns and Events, stamped with the time each event arrived.
 */
final class BenchmarkWatches implements AutoCloseable {
    static final String RUN_LABEL = "polycrate.io/run";
    static final String STEP_INDEX_LABEL = "polycrate.io/step-index";
    static final String OPERATOR_COMPONENT = "polycrate-operator";
    private static final long PROGRESS_EVERY = Duration.ofSeconds(15).toNanos();
    private static final Set<String> FINAL_PHASES = Set.of("Succeeded", "Failed", "Cancelled");

    private final StepTimeline timeline = new StepTimeline();
    private final Map<String, FinishedRun> finished = new ConcurrentHashMap<>();
    private final Map<String, Integer> operatorEvents = new ConcurrentHashMap<>();
    private final List<Watch> watches = new ArrayList<>();
    private final Object changed = new Object();
    private volatile String failure;

    /** A run's final phase and message, and when the watch saw it. */
    record FinishedRun(String phase, String message, long nanos) {
    }

    BenchmarkWatches(KubernetesClient client, String namespace, ResourceDefinitionContext workflowRuns) {
        watches.add(client.batch().v1().jobs().inNamespace(namespace).withLabel(RUN_LABEL)
                .watch(watcher("Jobs", (action, job) -> {
                    if (action == Watcher.Action.ADDED) {
                        step(job).ifPresent(s -> timeline.jobAdded(s.run(), s.index(), System.nanoTime()));
                    }
                })));
        watches.add(client.pods().inNamespace(namespace).withLabel(RUN_LABEL)
                .watch(watcher("Pods", (action, pod) -> {
                    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                        step(pod).ifPresent(s -> timeline.podTerminated(s.run(), s.index(), System.nanoTime()));
                    }
                })));
        watches.add(client.genericKubernetesResources(workflowRuns).inNamespace(namespace)
                .watch(watcher("WorkflowRuns", (action, run) -> runChanged(run))));
        watches.add(client.v1().events().inNamespace(namespace)
                .watch(watcher("Events", (action, event) -> {
                    if (action == Watcher.Action.ADDED && fromOperator(event) && event.getInvolvedObject() != null) {
                        operatorEvents.merge(event.getInvolvedObject().getName(), 1, Integer::sum);
                    }
                })));
    }

    StepTimeline timeline() {
        return timeline;
    }

    Optional<FinishedRun> finished(String run) {
        return Optional.ofNullable(finished.get(run));
    }

    /** Events the operator wrote about these objects. */
    long operatorEvents(Collection<String> involvedObjects) {
        return involvedObjects.stream().mapToLong(name -> operatorEvents.getOrDefault(name, 0)).sum();
    }

    /**
     * Waits until every one of these runs has reached a final phase; returns those that have not when the
     * time is up. Fails if a watch broke (its events would be missing) or the operator is gone.
     */
    Set<String> awaitFinished(Collection<String> runs, Duration timeout, ProcessHandle operator)
            throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long nextReport = started + PROGRESS_EVERY;
        Set<String> pending = new HashSet<>(runs);
        synchronized (changed) {
            while (true) {
                pending.removeIf(finished::containsKey);
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
                if (!operator.isAlive()) {
                    throw new IllegalStateException("the operator (pid " + operator.pid() + ") has exited");
                }
                long now = System.nanoTime();
                if (pending.isEmpty() || now >= deadline) {
                    return pending;
                }
                if (now >= nextReport) {
                    System.out.printf("[benchmark] %d of %d runs finished after %d s%n", runs.size() - pending.size(),
                            runs.size(), (now - started) / 1_000_000_000L);
                    nextReport = now + PROGRESS_EVERY;
                }
                changed.wait(Math.min(1_000, Math.max(1, Math.min(deadline, nextReport) - now) / 1_000_000 + 1));
            }
        }
    }

    private void runChanged(GenericKubernetesResource run) {
        Object phase = run.get("status", "phase");
        if (phase != null && FINAL_PHASES.contains(phase.toString())
                && finished.putIfAbsent(run.getMetadata().getName(), new FinishedRun(phase.toString(),
                        String.valueOf(Optional.ofNullable(run.get("status", "message")).orElse("")),
                        System.nanoTime())) == null) {
            synchronized (changed) {
                changed.notifyAll();
            }
        }
    }

    private static boolean fromOperator(Event event) {
        return OPERATOR_COMPONENT.equals(event.getReportingComponent())
                || event.getSource() != null && OPERATOR_COMPONENT.equals(event.getSource().getComponent());
    }

    private record StepRef(String run, int index) {
    }

    private static Optional<StepRef> step(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        if (labels == null || !labels.containsKey(RUN_LABEL) || !labels.containsKey(STEP_INDEX_LABEL)) {
            return Optional.empty();
        }
        return Optional.of(new StepRef(labels.get(RUN_LABEL), Integer.parseInt(labels.get(STEP_INDEX_LABEL))));
    }

    private interface Handler<T> {
        void handle(Watcher.Action action, T object);
    }

    private <T> Watcher<T> watcher(String what, Handler<T> handler) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T object) {
                handler.handle(action, object);
            }

            @Override
            public void onClose(WatcherException cause) {
                // the client reconnects by itself; this is the end of the watch (e.g. its resourceVersion is
                // gone), after which events would be missed
                failure = "the watch on " + what + " ended: " + cause.getMessage();
                synchronized (changed) {
                    changed.notifyAll();
                }
            }
        };
    }

    @Override
    public void close() {
        watches.forEach(Watch::close);
    }
}
