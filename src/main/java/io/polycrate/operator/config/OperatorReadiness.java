package io.polycrate.operator.config;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.health.EventSourceHealthIndicator;

/**
 * Readiness (/q/health/ready): the leader (or a lone instance) is ready when every controller's informers run
 * and are synced, and says which are not; a standby is ready (so a rolling update can go on) and says that it
 * does not reconcile. Replaces QOSDK's check, which reports a standby's idle informers as down.
 */
@Readiness
@ApplicationScoped
public class OperatorReadiness implements HealthCheck {
    private final Operator operator;
    private final Leadership leadership;

    public OperatorReadiness(Operator operator, Leadership leadership) {
        this.operator = operator;
        this.leadership = leadership;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("polycrate-operator")
                .withData("role", leadership.role().name());
        if (!operator.getRuntimeInfo().isStarted()) {
            return response.withData("reconciling", false).withData("reason", "the operator has not started").down()
                    .build();
        }
        if (leadership.role() == Leadership.Role.Standby) {
            return response.withData("reconciling", false)
                    .withData("reason", "standing by: another instance holds the leader Lease").up().build();
        }
        boolean healthy = true;
        for (RegisteredController<?> controller : operator.getRuntimeInfo().getRegisteredControllers()) {
            Map<String, EventSourceHealthIndicator> unhealthy = controller.getControllerHealthInfo()
                    .unhealthyEventSources();
            String name = controller.getConfiguration().getName();
            if (unhealthy.isEmpty()) {
                response.withData(name, "informers synced");
            } else {
                healthy = false;
                response.withData(name, "not synced: " + String.join(", ", unhealthy.keySet()));
            }
        }
        return response.withData("reconciling", healthy).status(healthy).build();
    }
}
