package io.polycrate.operator.job;

import java.util.regex.Pattern;

/**
 * Whether a FailedCreate event of the Job controller says the step's pod is refused for good (an admission's refusal:
 * Pod Security, a ServiceAccount that does not exist, a quota, an invalid pod) rather than for now. A failed request
 * (the API server restarting) and an RBAC denial of the Job controller itself (an API server that has just started
 * denies until its authorizer has read the RBAC objects) are the Job controller's to retry, and no reason to fail
 * the step. Pure code.
 */
public final class PodCreateRefusal {
    /** How the authorizer denies a request: {@code pods is forbidden: User "..." cannot create resource "pods" ...}. */
    private static final Pattern RBAC_DENIAL = Pattern.compile(" is forbidden: User \"[^\"]*\" cannot create resource ");

    private PodCreateRefusal() {
    }

    /** True if {@code message} (a FailedCreate event's) is an admission's refusal of the pod. */
    public static boolean isRefusal(String message) {
        if (message == null || RBAC_DENIAL.matcher(message).find()) {
            return false;
        }
        return message.contains(" is forbidden: ") || message.contains(" is invalid: ");
    }
}
