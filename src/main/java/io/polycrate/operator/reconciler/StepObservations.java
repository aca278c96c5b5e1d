package io.polycrate.operator.reconciler;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.polycrate.operator.api.v1alpha1.StepPhase;
import io.polycrate.operator.api.v1alpha1.StepStatus;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.job.JobOutcomeReader;
import io.polycrate.operator.job.PodCreateRefusal;
import io.polycrate.operator.naming.StepLabels;
import io.polycrate.operator.workflow.JobObservation;

/**
 * What a run's reconcile sees of its steps' Jobs: each Job with its pods, read by {@link JobOutcomeReader}, and for a
 * Job without a pod why the Job controller cannot create one. All from informers: the Job controller's FailedCreate
 * events come through an informer of their own (only those events, of Jobs), which also wakes the run when one
 * arrives; the API server is asked only about a running step's Job that the cache does not hold.
 */
final class StepObservations {
    static final String POD_CREATE_FAILURES = "pod-create-failures";

    private StepObservations() {
    }

    /** The informer of the Job controller's FailedCreate events; such an event wakes the run of its Job. */
    static InformerEventSource<Event, WorkflowRun> podCreateFailures(InformerEventSource<Job, WorkflowRun> jobs,
            EventSourceContext<WorkflowRun> context) {
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(Event.class, WorkflowRun.class)
                .withName(POD_CREATE_FAILURES)
                .withFieldSelector(new FieldSelector(new FieldSelector.Field("reason", "FailedCreate"),
                        new FieldSelector.Field("involvedObject.kind", "Job")))
                .withSecondaryToPrimaryMapper(event -> jobs.get(new ResourceID(event.getInvolvedObject().getName(),
                        event.getMetadata().getNamespace()))
                        .map(job -> job.getMetadata().getAnnotations().get(StepLabels.RUN_NAME_ANNOTATION))
                        .map(run -> Set.of(new ResourceID(run, event.getMetadata().getNamespace())))
                        .orElse(Set.of()))
                .build(), context);
    }

    /** The run's Jobs by name, as the decider reads them. */
    static Map<String, JobObservation> of(WorkflowRun run, Context<WorkflowRun> context, StepJobs stepJobs) {
        List<Pod> pods = context.getSecondaryResources(Pod.class).stream().toList();
        String runUid = run.getMetadata().getUid();
        Map<String, JobObservation> jobs = new HashMap<>();
        for (Job job : context.getSecondaryResources(Job.class)) {
            JobObservation seen = JobOutcomeReader.read(job, podsOf(job.getMetadata().getName(), pods), runUid);
            if (!seen.hasPod() && seen.state() == JobObservation.State.Active && seen.foreignOwner() == null) {
                seen = seen.withoutPod(podCreateFailure(job, context));
            }
            jobs.put(job.getMetadata().getName(), seen);
        }
        // a running step whose Job the cache does not hold (yet): the informer may lag behind the create that an
        // earlier reconcile saw succeed; only the API server can say that the Job is really gone
        if (run.getStatus() != null) {
            for (StepStatus step : run.getStatus().getSteps()) {
                if (step.getPhase() == StepPhase.Running && step.getJob() != null && !jobs.containsKey(step.getJob())) {
                    // it exists: the step goes on running, and its outcome comes with the informer (and its pods)
                    stepJobs.get(run.getMetadata().getNamespace(), step.getJob()).ifPresent(live -> jobs.put(
                            step.getJob(), JobOutcomeReader.read(live, podsOf(step.getJob(), pods), runUid)
                                    .stillRunning()));
                }
            }
        }
        return jobs;
    }

    private static List<Pod> podsOf(String jobName, List<Pod> pods) {
        return pods.stream().filter(pod -> pod.getMetadata().getOwnerReferences().stream()
                .anyMatch(ref -> "Job".equals(ref.getKind()) && jobName.equals(ref.getName()))).toList();
    }

    /**
     * Why the Job controller cannot create the Job's pod: its latest FailedCreate event, if that is an admission's
     * refusal (forbidden, invalid). Null if none.
     */
    private static String podCreateFailure(Job job, Context<WorkflowRun> context) {
        @SuppressWarnings("unchecked")
        InformerEventSource<Event, WorkflowRun> failures = (InformerEventSource<Event, WorkflowRun>) context
                .eventSourceRetriever().getEventSourceFor(Event.class, POD_CREATE_FAILURES);
        String uid = job.getMetadata().getUid();
        return failures.list(job.getMetadata().getNamespace(), e -> e.getInvolvedObject() != null
                        && uid.equals(e.getInvolvedObject().getUid()))
                .max(Comparator.comparing(StepObservations::lastSeen))
                .map(Event::getMessage)
                // an admission's refusal stays until someone changes something; a failed request (the API server
                // restarting, say) is the Job controller's to retry, and no reason to fail the step
                .filter(PodCreateRefusal::isRefusal)
                .orElse(null);
    }

    private static String lastSeen(Event event) {
        return Optional.ofNullable(event.getLastTimestamp()).or(() -> Optional.ofNullable(event.getEventTime())
                .map(t -> t.getTime())).orElse("");
    }
}
