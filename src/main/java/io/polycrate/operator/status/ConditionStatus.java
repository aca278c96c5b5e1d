package io.polycrate.operator.status;

/** The status of a condition, as the Kubernetes API conventions spell it. */
public enum ConditionStatus {
    True,
    False,
    Unknown;

    /** Whether a condition's status field holds this value. */
    public boolean is(String status) {
        return name().equals(status);
    }
}
