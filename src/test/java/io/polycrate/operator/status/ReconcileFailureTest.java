package io.polycrate.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.polycrate.operator.api.v1alpha1.RunConditions.ErrorReason;

/** What a run's readers are told when a reconcile fails: a typed reason and the API server's words, no Java. */
class ReconcileFailureTest {

    private static KubernetesClientException answered(int code, String message) {
        return new KubernetesClientException("Failure executing: POST at: https://10.0.0.1:6443/apis/batch/v1/"
                + "namespaces/ns/jobs. Message: " + message + ".", code,
                new StatusBuilder().withCode(code).withMessage(message).build());
    }

    @Test
    void theApiServersAnswerIsQuotedWithoutTheRequestsUrl() {
        ReconcileFailure forbidden = ReconcileFailure.of(answered(403,
                "jobs.batch is forbidden: User \"system:serviceaccount:ops:polycrate\" cannot create resource"));
        ReconcileFailure invalid = ReconcileFailure.of(answered(422, "ConfigMap \"r-plan\" is invalid: []: Too long"));
        ReconcileFailure failing = ReconcileFailure.of(answered(500, "etcdserver: leader changed"));

        assertThat(forbidden.reason()).isEqualTo(ErrorReason.Forbidden);
        assertThat(forbidden.message()).isEqualTo("The API server refused the operator (403): jobs.batch is forbidden: "
                + "User \"system:serviceaccount:ops:polycrate\" cannot create resource; check its service account's RBAC");
        assertThat(invalid.reason()).isEqualTo(ErrorReason.ApiServerRejected);
        assertThat(invalid.message()).isEqualTo("The API server refused a request (422): ConfigMap \"r-plan\" is "
                + "invalid: []: Too long");
        assertThat(failing.reason()).isEqualTo(ErrorReason.ApiServerError);
        assertThat(failing.message()).doesNotContain("https://", "Failure executing");
    }

    @Test
    void anUnreachableOrSlowApiServerIsSaidSo() {
        assertThat(ReconcileFailure.of(new KubernetesClientException("Operation: [get] failed",
                new ConnectException("Connection refused")))).isEqualTo(new ReconcileFailure(
                        ErrorReason.ApiServerUnreachable, "The API server cannot be reached"));
        assertThat(ReconcileFailure.of(new KubernetesClientException("Operation: [get] failed",
                new SocketTimeoutException("timeout"))).reason()).isEqualTo(ErrorReason.ApiServerError);
    }

    @Test
    void anInternalFaultNamesNoJavaException() {
        ReconcileFailure npe = ReconcileFailure.of(new NullPointerException(
                "Cannot invoke \"WorkflowRunSpec.cancelRequested()\" because the return value of getSpec() is null"));

        assertThat(npe.reason()).isEqualTo(ErrorReason.InternalError);
        assertThat(npe.message()).doesNotContain("Exception", "null", "java.", "getSpec");
    }
}
