package io.polycrate.operator.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which FailedCreate messages of the Job controller fail a step, and which it retries. */
class PodCreateRefusalTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "Error creating: pods \"r-0-one-x\" is forbidden: error looking up service account ops/deployer: "
                    + "serviceaccount \"deployer\" not found",
            "Error creating: pods \"r-0-one-x\" is forbidden: violates PodSecurity \"restricted:latest\": "
                    + "allowPrivilegeEscalation != false",
            "Error creating: pods \"r-0-one-x\" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=5, "
                    + "limited: pods=5",
            "Error creating: Pod \"r-0-one-x\" is invalid: spec.containers[0].image: Invalid value: \"a b\"" })
    void anAdmissionsRefusalFailsTheStep(String message) {
        assertThat(PodCreateRefusal.isRefusal(message)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // seen in the fault tests: an API server just started denies until its authorizer has read RBAC
            "Error creating: pods is forbidden: User \"system:serviceaccount:kube-system:job-controller\" cannot "
                    + "create resource \"pods\" in API group \"\" in the namespace \"e2e-faults\"",
            "Error creating: Post \"https://127.0.0.1:6443/api/v1/namespaces/ns/pods\": dial tcp 127.0.0.1:6443: "
                    + "connect: connection refused",
            "" })
    void aFailedRequestOrAnRbacDenialIsTheJobControllersToRetry(String message) {
        assertThat(PodCreateRefusal.isRefusal(message)).isFalse();
        assertThat(PodCreateRefusal.isRefusal(null)).isFalse();
    }
}
