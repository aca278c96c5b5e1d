package io.polycrate.operator.api.v1alpha1;

/** Name patterns and limits shared by the API types, the validator and the Job factory. */
public final class Names {
    /** A DNS-1123 label: lower-case alphanumerics and '-', starting and ending alphanumeric. */
    public static final String DNS1123_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    /** A DNS-1123 subdomain, the form of a Kubernetes object name. */
    public static final String DNS1123_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public static final int LABEL_MAX_LENGTH = 63;
    public static final int SUBDOMAIN_MAX_LENGTH = 253;

    private Names() {
    }

    public static boolean isDns1123Label(String value) {
        return value != null && value.length() <= LABEL_MAX_LENGTH && value.matches(DNS1123_LABEL);
    }
}
