package io.polycrate.operator.config;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.Startup;

/**
 * Whether this instance reconciles: alone (no leader election), as the leader, or as a standby waiting for the
 * Lease. Produces JOSDK's leader election configuration when it is enabled (QOSDK uses it in the prod profile).
 */
@ApplicationScoped
@Startup // its gauge is there from the start
public class Leadership {
    private static final Logger LOG = Logger.getLogger(Leadership.class);

    public enum Role {
        /** No leader election: this instance always reconciles. */
        Single,
        Leader,
        Standby
    }

    private final OperatorConfig config;
    private final Lifecycle lifecycle;
    private final AtomicReference<Role> role;

    public Leadership(OperatorConfig config, Lifecycle lifecycle, MeterRegistry registry) {
        this.config = config;
        this.lifecycle = lifecycle;
        this.role = new AtomicReference<>(config.leaderElection().enabled() ? Role.Standby : Role.Single);
        Gauge.builder("polycrate.leader", () -> role.get() == Role.Standby ? 0 : 1)
                .description("1 if this instance reconciles (the leader, or alone), 0 while it stands by")
                .register(registry);
    }

    public Role role() {
        return role.get();
    }

    /** Null (no leader election) unless polycrate.leader-election.enabled. */
    @Produces
    @Dependent
    LeaderElectionConfiguration leaderElectionConfiguration() {
        OperatorConfig.LeaderElection election = config.leaderElection();
        if (!election.enabled()) {
            return null;
        }
        // unique per process, as client-go's controllers do: a container restarted in the same pod is a new
        // candidate, not the old leader carrying on
        String identity = config.instance() + "_" + UUID.randomUUID().toString().substring(0, 8);
        LeaderElectionConfigurationBuilder builder = LeaderElectionConfigurationBuilder
                .aLeaderElectionConfiguration(election.leaseName())
                .withIdentity(identity)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> {
                            role.set(Role.Leader);
                            LOG.infof("%s leads (Lease %s): reconciling", identity, election.leaseName());
                        },
                        () -> {
                            role.set(Role.Standby);
                            stoppedLeading(identity, election.leaseName());
                        },
                        leader -> LOG.infof("The leader is now %s", leader)));
        election.leaseNamespace().ifPresent(builder::withLeaseNamespace);
        // JOSDK's exit on stopped leadership calls System.exit in the leader-election callback, and the JVM then
        // never ends: on SIGTERM, Quarkus' shutdown hook stops the operator, whose leader-election stop calls it
        // (System.exit inside a shutdown hook blocks for good); on a lost Lease, the elector calls it holding
        // its lock, and the shutdown hooks it runs stop the operator, which waits for that lock. stoppedLeading
        // asks Quarkus to exit instead, which returns at once.
        builder.withExitOnStopLeading(false);
        return builder.build();
    }

    /**
     * A leader that loses its Lease (it could not renew it in time, e.g. cut off from the API server) must stop
     * reconciling at once, as another instance takes over: it exits non-zero (Kubernetes restarts it, as a
     * standby). When the operator stops anyway, stopping the leader election ends the leadership: nothing to do.
     */
    private void stoppedLeading(String identity, String lease) {
        if (lifecycle.stopping()) {
            LOG.infof("%s stopped leading (Lease %s): the operator stops", identity, lease);
            return;
        }
        LOG.errorf("%s lost the Lease %s: exiting, so that only the new leader reconciles", identity, lease);
        Quarkus.asyncExit(1);
    }
}
