package io.polycrate.operator.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ApiRequestCountsTest {
    static final String BEFORE = """
            # HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, ...
            # TYPE apiserver_request_total counter
            apiserver_request_total{code="201",component="apiserver",dry_run="",group="batch",resource="jobs",scope="resource",subresource="",verb="POST",version="v1"} 10
            apiserver_request_total{code="200",component="apiserver",dry_run="",group="polycrate.io",resource="workflowruns",scope="resource",subresource="status",verb="PUT",version="v1alpha1"} 20
            apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} 3
            apiserver_request_total_other{code="200",resource="pods",subresource="",verb="LIST"} 99
            apiserver_request_duration_seconds_bucket{resource="pods",verb="LIST",le="0.1"} 7
            """;
    static final String AFTER = """
            apiserver_request_total{code="201",component="apiserver",dry_run="",group="batch",resource="jobs",scope="resource",subresource="",verb="POST",version="v1"} 25
            apiserver_request_total{code="409",component="apiserver",dry_run="",group="batch",resource="jobs",scope="resource",subresource="",verb="POST",version="v1"} 2
            apiserver_request_total{code="200",component="apiserver",dry_run="",group="polycrate.io",resource="workflowruns",scope="resource",subresource="status",verb="PUT",version="v1alpha1"} 50
            apiserver_request_total{code="200",component="apiserver",dry_run="",group="polycrate.io",resource="workflowruns",scope="resource",subresource="status",verb="PATCH",version="v1alpha1"} 4
            apiserver_request_total{code="200",component="apiserver",dry_run="",group="polycrate.io",resource="workflowruns",scope="resource",subresource="",verb="PUT",version="v1alpha1"} 100
            apiserver_request_total{code="200",component="apiserver",dry_run="",group="",resource="pods",scope="namespace",subresource="",verb="LIST",version="v1"} 3
            """;

    @Test
    void countsWhatHappenedBetweenTwoScrapesPerResourceVerbAndCode() {
        ApiRequestCounts delta = ApiRequestCounts.parse(AFTER).since(ApiRequestCounts.parse(BEFORE));

        assertThat(delta.sum(ApiRequestCounts.request("jobs", "", "POST"))).isEqualTo(17);
        assertThat(delta.sum(ApiRequestCounts.request("jobs", "", "POST").and(ApiRequestCounts.code("409"))))
                .isEqualTo(2);
        assertThat(delta.sum(ApiRequestCounts.request("workflowruns", "status", "PUT", "PATCH"))).isEqualTo(34);
        assertThat(delta.sum(ApiRequestCounts.request("workflowruns", "", "PUT"))).isEqualTo(100);
        assertThat(delta.sum(ApiRequestCounts.request("pods", "", "LIST"))).isZero();
        assertThat(delta.byRequest(labels -> true)).isEqualTo(Map.of(
                "jobs POST 201", 15L, "jobs POST 409", 2L, "workflowruns PUT 200", 100L,
                "workflowruns/status PATCH 200", 4L, "workflowruns/status PUT 200", 30L));
    }
}
