package io.polycrate.operator.reconciler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.job.KubernetesNames;
import io.polycrate.operator.job.StepLabels;
import io.polycrate.operator.workflow.PlanOutcome;
import io.polycrate.operator.workflow.RunPlan;

/**
 * Keeps each run's frozen plan in a ConfigMap owned by the run (deleted with it), and a bounded in-memory
 * copy so the hot path reads no ConfigMap. The ConfigMap is the truth: after a restart the plan is read back.
 */
@ApplicationScoped
public class PlanStore {
    static final String PLAN_KEY = "plan.json";
    private static final int CACHED_PLANS = 2048;

    private final KubernetesClient client;
    private final Map<String, RunPlan> plansByRunUid = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, RunPlan> eldest) {
                    return size() > CACHED_PLANS;
                }
            });

    public PlanStore(KubernetesClient client) {
        this.client = client;
    }

    /** The run's frozen plan, if it has one. */
    public Optional<RunPlan> load(WorkflowRun run) {
        RunPlan cached = plansByRunUid.get(run.getMetadata().getUid());
        if (cached != null) {
            return Optional.of(cached);
        }
        ConfigMap configMap = client.configMaps().inNamespace(run.getMetadata().getNamespace())
                .withName(KubernetesNames.planConfigMapName(run.getMetadata().getName())).get();
        if (configMap == null || configMap.getData() == null || !configMap.getData().containsKey(PLAN_KEY)) {
            return Optional.empty();
        }
        boolean ours = configMap.getMetadata().getOwnerReferences().stream()
                .anyMatch(ref -> run.getMetadata().getUid().equals(ref.getUid()));
        if (!ours) {
            // a plan of an earlier run of the same name, not yet garbage-collected: retried until it is gone
            throw new IllegalStateException("ConfigMap " + configMap.getMetadata().getName()
                    + " belongs to an earlier run of the same name; waiting for it to be deleted");
        }
        RunPlan plan = client.getKubernetesSerialization().unmarshal(configMap.getData().get(PLAN_KEY), RunPlan.class);
        plansByRunUid.put(run.getMetadata().getUid(), plan);
        return Optional.of(plan);
    }

    /** Freezes the plan; if the run already has one (an earlier attempt wrote it), that one wins. */
    public RunPlan freeze(WorkflowRun run, PlanOutcome.Planned planned) {
        Map<String, String> data = new LinkedHashMap<>(planned.files());
        data.put(PLAN_KEY, client.getKubernetesSerialization().asJson(planned.plan()));
        ConfigMap configMap = new ConfigMapBuilder()
                .withNewMetadata()
                .withName(KubernetesNames.planConfigMapName(run.getMetadata().getName()))
                .withNamespace(run.getMetadata().getNamespace())
                .addToLabels(StepLabels.MANAGED_BY, StepLabels.OPERATOR)
                .addToLabels(StepLabels.RUN, KubernetesNames.labelValue(run.getMetadata().getName()))
                .withOwnerReferences(KubernetesNames.controllerReferenceTo(run))
                .endMetadata()
                .withData(data)
                .withImmutable(true)
                .build();
        try {
            client.resource(configMap).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            return load(run).orElseThrow(() -> e);
        }
        plansByRunUid.put(run.getMetadata().getUid(), planned.plan());
        return planned.plan();
    }
}
