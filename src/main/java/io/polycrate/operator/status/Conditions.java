package io.polycrate.operator.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/** Sets conditions the Kubernetes way: lastTransitionTime changes only when the status does. */
public final class Conditions {
    private Conditions() {
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** Puts the condition into the list, replacing one of the same type. */
    public static void set(List<Condition> conditions, String type, ConditionStatus status, String reason,
            String message, Long observedGeneration, Instant now) {
        Optional<Condition> existing = find(conditions, type);
        String transition = existing.filter(c -> status.is(c.getStatus()))
                .map(Condition::getLastTransitionTime)
                .orElse(Timestamps.format(now));
        Condition condition = new ConditionBuilder()
                .withType(type)
                .withStatus(status.name())
                .withReason(reason)
                .withMessage(message == null ? "" : message)
                .withObservedGeneration(observedGeneration)
                .withLastTransitionTime(transition)
                .build();
        existing.ifPresentOrElse(c -> conditions.set(conditions.indexOf(c), condition), () -> conditions.add(condition));
    }
}
