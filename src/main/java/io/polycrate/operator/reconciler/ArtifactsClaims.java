package io.polycrate.operator.reconciler;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.job.ArtifactsClaimFactory;
import io.polycrate.operator.naming.KubernetesNames;
import io.polycrate.operator.workflow.ArtifactsClaim;
import io.polycrate.operator.workflow.RunPlan;

/** Looks for and creates runs' artifacts PersistentVolumeClaims. Create-only: a claim is never updated. */
@ApplicationScoped
public class ArtifactsClaims {
    private final KubernetesClient client;

    public ArtifactsClaims(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The run's claim as the informer's cache ({@code cached}) has it; where the cache does not hold it and
     * {@code confirm} (a claim is expected: a step of the run has had a Job), as the API server has it.
     */
    public ArtifactsClaim observe(WorkflowRun run, Function<String, Optional<PersistentVolumeClaim>> cached,
            boolean confirm) {
        String name = KubernetesNames.artifactsClaimName(run.getMetadata().getName());
        PersistentVolumeClaim claim = cached.apply(name).orElseGet(() -> confirm ? client.persistentVolumeClaims()
                .inNamespace(run.getMetadata().getNamespace()).withName(name).get() : null);
        return of(claim, run.getMetadata().getUid());
    }

    /**
     * Creates the run's claim from its plan. Returns the claim as the operator now knows it: ours (created now, or
     * an earlier attempt did), foreign (its name is taken), or refused by the API server. {@code created} receives
     * the claim as the API server made it.
     */
    public ArtifactsClaim create(WorkflowRun run, RunPlan plan, Consumer<PersistentVolumeClaim> created) {
        PersistentVolumeClaim claim = ArtifactsClaimFactory.build(run, plan);
        try {
            created.accept(client.resource(claim).create());
            return ArtifactsClaim.OURS;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                PersistentVolumeClaim existing = client.persistentVolumeClaims()
                        .inNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName()).get();
                // gone again between the two calls: the next attempt creates it
                return existing == null ? ArtifactsClaim.ABSENT : of(existing, run.getMetadata().getUid());
            }
            if (e.getCode() == 422 || e.getCode() == 400) {
                return new ArtifactsClaim.Refused(e.getStatus() != null && e.getStatus().getMessage() != null
                        ? e.getStatus().getMessage() : "HTTP " + e.getCode());
            }
            throw e;
        }
    }

    private static ArtifactsClaim of(PersistentVolumeClaim claim, String runUid) {
        if (claim == null) {
            return ArtifactsClaim.ABSENT;
        }
        String owner = KubernetesNames.foreignController(claim, runUid);
        return owner == null ? ArtifactsClaim.OURS : new ArtifactsClaim.Foreign("its controller: " + owner);
    }
}
