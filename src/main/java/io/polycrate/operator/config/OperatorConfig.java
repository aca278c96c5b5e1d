package io.polycrate.operator.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the operator (application.properties, or POLYCRATE_* environment variables). */
@ConfigMapping(prefix = "polycrate")
public interface OperatorConfig {
    /** Image of actions whose action, block and workspace name none. */
    @WithDefault("alpine:3.20")
    String defaultImage();

    /** How long a step's image may fail to pull before the step fails. */
    @WithDefault("PT2M")
    Duration imagePullGracePeriod();

    /**
     * How long a run waits for what it needs from outside: its Workspace to be created (GitOps tools apply objects
     * in no set order), a Job or ConfigMap of its name that is not its own to be deleted. Counted from the run's
     * creation; then the run fails, saying what it waited for.
     */
    @WithDefault("PT5M")
    Duration waitTimeout();

    /** This instance's name in events (reportingInstance) and in the leader Lease: the pod's name in a cluster. */
    @WithDefault("${POD_NAME:${HOSTNAME:polycrate-operator}}")
    String instance();

    /** Delivery of webhook event documents (a Workspace's spec.events.webhook). */
    Webhook webhook();

    interface Webhook {
        /** Attempts per document, the first included; then it is given up (counted, and a Warning event says so). */
        @WithDefault("5")
        int maxAttempts();

        /** The wait after the first failed attempt; doubled after each further one, up to maxBackoff. */
        @WithDefault("PT1S")
        Duration initialBackoff();

        @WithDefault("PT30S")
        Duration maxBackoff();

        /** How long one attempt may take: to connect, and for the answer. */
        @WithDefault("PT10S")
        Duration timeout();

        /** Documents waiting to be sent or retried, at most; beyond it new ones are dropped (and counted). */
        @WithDefault("1000")
        int queueCapacity();
    }

    /** Lease-based leader election, for more than one replica. */
    LeaderElection leaderElection();

    interface LeaderElection {
        /** Off by default (one process, e.g. on a workstation); the Helm chart and deploy/ turn it on. */
        @WithDefault("false")
        boolean enabled();

        /** Name of the coordination.k8s.io Lease. */
        @WithDefault("polycrate-operator-leader")
        String leaseName();

        /** Namespace of the Lease; default: the operator's own (in a pod, its ServiceAccount's namespace). */
        Optional<String> leaseNamespace();
    }
}
