package io.polycrate.operator.reconciler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.polycrate.operator.api.v1alpha1.RunConditions.Reason;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.json.Json;
import io.polycrate.operator.naming.KubernetesNames;
import io.polycrate.operator.naming.StepLabels;
import io.polycrate.operator.workflow.PlanOutcome;
import io.polycrate.operator.workflow.RunPlan;
import io.polycrate.operator.workflow.StoredPlan;

/**
 * Keeps each run's frozen plan in a ConfigMap owned by the run (deleted with it), and a bounded in-memory
 * copy so the hot path reads no ConfigMap. The ConfigMap is the truth: after a restart the plan is read back.
 */
@ApplicationScoped
public class PlanStore {
    static final String PLAN_KEY = "plan.json";
    private static final int CACHED_PLANS = 2048;
    /** What a ConfigMap's data may hold, keys and values together (the API server's limit). */
    static final long MAX_CONFIG_MAP_BYTES = 1024 * 1024;

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
    public StoredPlan load(WorkflowRun run) {
        return load(run, null);
    }

    /**
     * The run's frozen plan, if it has one; {@code informed}, if given, tells from the informer's cache whether a
     * ConfigMap of the plan's name exists: where it does not, the plan is missing without asking the API server (a
     * new run's usual case). Should the cache lag behind, freezing meets the ConfigMap (409) and reads it.
     */
    public StoredPlan load(WorkflowRun run, Function<String, Optional<ConfigMap>> informed) {
        RunPlan cached = plansByRunUid.get(run.getMetadata().getUid());
        if (cached != null) {
            return new StoredPlan.Found(cached);
        }
        if (informed != null
                && informed.apply(KubernetesNames.planConfigMapName(run.getMetadata().getName())).isEmpty()) {
            return new StoredPlan.Missing();
        }
        ConfigMap configMap = client.configMaps().inNamespace(run.getMetadata().getNamespace())
                .withName(KubernetesNames.planConfigMapName(run.getMetadata().getName())).get();
        if (configMap == null) {
            return new StoredPlan.Missing();
        }
        String owner = KubernetesNames.foreignController(configMap, run.getMetadata().getUid());
        if (owner != null) {
            return new StoredPlan.Foreign("ConfigMap " + configMap.getMetadata().getName()
                    + " exists and does not belong to this run (its controller: " + owner + ")");
        }
        if (configMap.getData() == null || !configMap.getData().containsKey(PLAN_KEY)) {
            return new StoredPlan.Missing();
        }
        RunPlan plan = Json.SERIALIZATION.unmarshal(configMap.getData().get(PLAN_KEY), RunPlan.class);
        plansByRunUid.put(run.getMetadata().getUid(), plan);
        return new StoredPlan.Found(plan);
    }

    /**
     * Whether the run's plan ConfigMap still exists (a person may have deleted it while the run went on). Asks the
     * informer's cache ({@code cached}); only when the cache does not hold it (deleted, or the cache lags behind the
     * create) the API server.
     */
    public boolean stillStored(WorkflowRun run, Function<String, Optional<ConfigMap>> cached) {
        String name = KubernetesNames.planConfigMapName(run.getMetadata().getName());
        ConfigMap configMap = cached.apply(name).orElseGet(() -> client.configMaps()
                .inNamespace(run.getMetadata().getNamespace()).withName(name).get());
        boolean ours = configMap != null && KubernetesNames.foreignController(configMap, run.getMetadata().getUid()) == null;
        if (!ours) {
            plansByRunUid.remove(run.getMetadata().getUid());
        }
        return ours;
    }

    /** Freezes the plan; if the run already has one (an earlier attempt wrote it), that one wins. */
    public StoredPlan freeze(WorkflowRun run, PlanOutcome.Planned planned) {
        Map<String, String> data = new LinkedHashMap<>(planned.files());
        data.put(PLAN_KEY, Json.SERIALIZATION.asJson(planned.plan()));
        long size = size(data);
        if (size > MAX_CONFIG_MAP_BYTES) {
            return new StoredPlan.Refused(Reason.PlanTooLarge, tooLarge(planned, data, size));
        }
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
            if (e.getCode() == 409) {
                StoredPlan existing = load(run);
                return existing instanceof StoredPlan.Missing ? new StoredPlan.Foreign("ConfigMap "
                        + configMap.getMetadata().getName() + " exists and holds no plan of this run") : existing;
            }
            if (e.getCode() == 422 || e.getCode() == 400 || e.getCode() == 413) {
                String answer = e.getStatus() != null && e.getStatus().getMessage() != null
                        ? e.getStatus().getMessage() : "HTTP " + e.getCode();
                return new StoredPlan.Refused(Reason.PlanRejected, "The API server refused the run's plan ConfigMap "
                        + configMap.getMetadata().getName() + ": " + answer);
            }
            throw e;
        }
        plansByRunUid.put(run.getMetadata().getUid(), planned.plan());
        return new StoredPlan.Found(planned.plan());
    }

    /** Bytes a ConfigMap's data counts against its limit: keys and values, as the API server adds them. */
    static long size(Map<String, String> data) {
        return data.entrySet().stream().mapToLong(e -> utf8(e.getKey()) + utf8(e.getValue())).sum();
    }

    private static String tooLarge(PlanOutcome.Planned planned, Map<String, String> data, long size) {
        Map.Entry<String, String> largest = data.entrySet().stream()
                .max(Map.Entry.comparingByValue(java.util.Comparator.comparingLong(PlanStore::utf8))).orElseThrow();
        int steps = planned.plan().steps().size();
        return "The run's plan is " + mebibytes(size) + " (" + size + " bytes), more than the 1 MiB (" + MAX_CONFIG_MAP_BYTES
                + " bytes) a ConfigMap holds: " + (steps == 1 ? "its step carries" : "each of its " + steps
                        + " steps carries")
                + " its script and a snapshot of the workspace (with spec.config, the block's config and the action); "
                + "the largest item, " + largest.getKey() + ", is " + mebibytes(utf8(largest.getValue()))
                + ". Make the workspace's config or the scripts smaller (put long scripts into the block's image), or "
                + "move large data into a ConfigMap or Secret the steps read (envFrom)";
    }

    private static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.2f MiB", bytes / 1048576.0);
    }

    private static long utf8(String text) {
        return text == null ? 0 : text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
