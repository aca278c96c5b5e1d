package io.polycrate.operator.workflow;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.polycrate.operator.api.v1alpha1.WorkflowRun;

/** The prompt ids a person approved and rejected, read from the run's annotations. Reject wins. */
public record PromptAnswers(Set<String> approved, Set<String> rejected) {
    public static final PromptAnswers NONE = new PromptAnswers(Set.of(), Set.of());

    public static PromptAnswers of(Map<String, String> annotations) {
        if (annotations == null) {
            return NONE;
        }
        return new PromptAnswers(ids(annotations.get(WorkflowRun.APPROVE_ANNOTATION)),
                ids(annotations.get(WorkflowRun.REJECT_ANNOTATION)));
    }

    private static Set<String> ids(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(id -> !id.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public boolean isApproved(String id) {
        return approved.contains(id) && !rejected.contains(id);
    }

    public boolean isRejected(String id) {
        return rejected.contains(id);
    }

    /** Every id named in either annotation, in the order given. */
    public Set<String> all() {
        Set<String> all = new LinkedHashSet<>(approved);
        all.addAll(rejected);
        return all;
    }
}
