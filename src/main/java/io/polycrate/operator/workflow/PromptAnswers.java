package io.polycrate.operator.workflow;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.polycrate.operator.api.v1alpha1.WorkflowRun;

/**
 * The prompt ids people approved and rejected, and who answered each, read from the run's annotations. Reject
 * wins. {@code answeredBy} maps a prompt id to the user of its latest {@code <id>=<user>} entry in
 * polycrate.io/answered-by; {@code ledger} is that annotation's entries as written, comma-separated without blanks
 * (empty if absent), which an answer by hand extends.
 */
public record PromptAnswers(Set<String> approved, Set<String> rejected, Map<String, String> answeredBy,
        String ledger) {
    public static final PromptAnswers NONE = new PromptAnswers(Set.of(), Set.of(), Map.of(), "");

    public static PromptAnswers of(Map<String, String> annotations) {
        if (annotations == null) {
            return NONE;
        }
        return new PromptAnswers(ids(annotations.get(WorkflowRun.APPROVE_ANNOTATION)),
                ids(annotations.get(WorkflowRun.REJECT_ANNOTATION)),
                answerers(annotations.get(WorkflowRun.ANSWERED_BY_ANNOTATION)),
                String.join(",", ids(annotations.get(WorkflowRun.ANSWERED_BY_ANNOTATION))));
    }

    private static Map<String, String> answerers(String value) {
        Map<String, String> answerers = new HashMap<>();
        if (value == null) {
            return answerers;
        }
        for (String entry : value.split(",")) {
            int eq = entry.indexOf('=');
            if (eq > 0 && eq < entry.strip().length()) {
                String user = entry.substring(eq + 1).strip();
                if (!user.isEmpty()) {
                    answerers.put(entry.substring(0, eq).strip(), user); // later entries win
                }
            }
        }
        return answerers;
    }

    /** The user who answered the prompt, where polycrate.io/answered-by names one. */
    public Optional<String> answerer(String id) {
        return Optional.ofNullable(answeredBy.get(id));
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
