package io.polycrate.operator.reconciler;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateWaitingBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.polycrate.operator.job.JobOutcomeReader;
import io.polycrate.operator.naming.StepLabels;

/**
 * What the operator's informers keep of each object: only what its decisions read. A step's pod is a few hundred
 * bytes instead of tens of kilobytes of spec, managed fields and free-form maps, so a cluster with thousands of
 * finished steps costs little memory (controller-runtime strips managedFields the same way). The same shapes tell
 * which updates can change a decision: an update that leaves the shape as it was (a pod turning Running, the Job
 * controller counting active pods, a finalizer removed) wakes no reconcile.
 */
public final class CachedShapes {
    private CachedShapes() {
    }

    /** A step Job as the informer keeps it: its identity, labels, owners and the conditions that end it. */
    public static Job job(Job full) {
        Job kept = new Job();
        kept.setApiVersion(full.getApiVersion());
        kept.setKind(full.getKind());
        kept.setMetadata(metadata(full.getMetadata()));
        if (full.getStatus() != null) {
            JobStatusBuilder status = new JobStatusBuilder()
                    .withCompletionTime(full.getStatus().getCompletionTime());
            if (full.getStatus().getConditions() != null) {
                // only the conditions that end a Job (not SuccessCriteriaMet, FailureTarget, Suspended)
                full.getStatus().getConditions().stream()
                        .filter(c -> "Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        .forEach(c -> status.addToConditions(new JobConditionBuilder()
                        .withType(c.getType()).withStatus(c.getStatus()).withReason(c.getReason())
                        .withMessage(c.getMessage()).withLastTransitionTime(c.getLastTransitionTime()).build()));
            }
            kept.setStatus(status.build());
        }
        return kept;
    }

    /**
     * A step's pod as the informer keeps it: identity, owners, its phase once it has ended, whether it was stopped
     * from outside, and the step container's end or image-pull trouble.
     */
    public static Pod pod(Pod full) {
        Pod kept = new Pod();
        kept.setApiVersion(full.getApiVersion());
        kept.setKind(full.getKind());
        kept.setMetadata(metadata(full.getMetadata()));
        if (full.getStatus() != null) {
            // only an ended pod's phase, reason and message: Pending and Running decide nothing
            String phase = full.getStatus().getPhase();
            boolean ended = "Succeeded".equals(phase) || "Failed".equals(phase);
            PodStatusBuilder status = new PodStatusBuilder().withPhase(ended ? phase : null)
                    .withReason(ended ? full.getStatus().getReason() : null)
                    .withMessage(ended ? full.getStatus().getMessage() : null);
            if (full.getStatus().getConditions() != null) {
                // of its conditions, only the one that says it was stopped from outside (evicted, preempted)
                full.getStatus().getConditions().stream().filter(c -> "DisruptionTarget".equals(c.getType()))
                        .forEach(c -> status.addToConditions(condition(c)));
            }
            if (full.getStatus().getContainerStatuses() != null) {
                full.getStatus().getContainerStatuses().stream()
                        .filter(c -> StepLabels.CONTAINER.equals(c.getName()))
                        .forEach(c -> status.addToContainerStatuses(new ContainerStatusBuilder()
                                .withName(c.getName()).withState(state(c.getState())).build()));
            }
            kept.setStatus(status.build());
        }
        return kept;
    }

    /** A plan ConfigMap as the informer keeps it: whether it exists and whose it is, not the plan (read once). */
    public static ConfigMap planConfigMap(ConfigMap full) {
        ConfigMap kept = new ConfigMap();
        kept.setApiVersion(full.getApiVersion());
        kept.setKind(full.getKind());
        kept.setMetadata(metadata(full.getMetadata()));
        return kept;
    }

    /** A run's artifacts claim as the informer keeps it: whether it exists and whose it is. */
    public static PersistentVolumeClaim artifactsClaim(PersistentVolumeClaim full) {
        PersistentVolumeClaim kept = new PersistentVolumeClaim();
        kept.setApiVersion(full.getApiVersion());
        kept.setKind(full.getKind());
        kept.setMetadata(metadata(full.getMetadata()));
        return kept;
    }

    /** Whether an update of a step Job can change a decision: its shape changed. */
    public static boolean jobChanged(Job updated, Job old) {
        return old == null || !sameShape(job(updated), job(old));
    }

    /** Whether an update of a step's pod can change a decision: its shape changed. */
    public static boolean podChanged(Pod updated, Pod old) {
        return old == null || !sameShape(pod(updated), pod(old));
    }

    private static boolean sameShape(HasMetadata updated, HasMetadata old) {
        // each carries its own resourceVersion: compare the rest
        updated.getMetadata().setResourceVersion(old.getMetadata().getResourceVersion());
        return Objects.equals(updated, old);
    }

    private static ObjectMeta metadata(ObjectMeta meta) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (meta.getLabels() != null) {
            meta.getLabels().forEach((k, v) -> {
                if (k.startsWith("polycrate.io/") || k.equals(StepLabels.MANAGED_BY)) {
                    labels.put(k, v);
                }
            });
        }
        String run = meta.getAnnotations() == null ? null : meta.getAnnotations().get(StepLabels.RUN_NAME_ANNOTATION);
        return new ObjectMetaBuilder().withName(meta.getName()).withNamespace(meta.getNamespace())
                .withUid(meta.getUid()).withResourceVersion(meta.getResourceVersion())
                .withCreationTimestamp(meta.getCreationTimestamp()).withDeletionTimestamp(meta.getDeletionTimestamp())
                .withLabels(labels)
                .withAnnotations(run == null ? Map.of() : Map.of(StepLabels.RUN_NAME_ANNOTATION, run))
                .withOwnerReferences(meta.getOwnerReferences() == null ? List.of() : meta.getOwnerReferences())
                .build();
    }

    private static PodCondition condition(PodCondition c) {
        return new PodConditionBuilder().withType(c.getType()).withStatus(c.getStatus()).withReason(c.getReason())
                .withMessage(c.getMessage()).withLastTransitionTime(c.getLastTransitionTime()).build();
    }

    private static ContainerState state(ContainerState state) {
        ContainerState kept = new ContainerState();
        if (state == null) {
            return kept;
        }
        if (state.getTerminated() != null) {
            kept.setTerminated(new ContainerStateTerminatedBuilder().withExitCode(state.getTerminated().getExitCode())
                    .withMessage(state.getTerminated().getMessage())
                    .withFinishedAt(state.getTerminated().getFinishedAt()).build());
        }
        if (state.getWaiting() != null && JobOutcomeReader.isImagePullTrouble(state.getWaiting().getReason())) {
            kept.setWaiting(new ContainerStateWaitingBuilder().withReason(state.getWaiting().getReason())
                    .withMessage(state.getWaiting().getMessage()).build());
        }
        return kept;
    }

    /**
     * Lets the informer keep only {@code shape} of each object, where it is the only informer of its event source:
     * JOSDK gives the informers of one event source (one per watched namespace, where several are) one item store,
     * and each one's re-list would drop the others' objects from it. Watching several namespaces, the informers keep
     * whole objects (their onUpdate filters still compare shapes).
     */
    public static <R extends HasMetadata> InformerEventSourceConfiguration.Builder<R> keeping(UnaryOperator<R> shape,
            InformerEventSourceConfiguration.Builder<R> informer, EventSourceContext<?> context) {
        if (context.getControllerConfiguration().getEffectiveNamespaces().size() == 1) {
            informer.withItemStore(new TransformingItemStore<>(shape));
        }
        return informer;
    }
}
