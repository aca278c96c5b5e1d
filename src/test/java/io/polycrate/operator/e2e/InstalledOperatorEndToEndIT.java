package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.polycrate.operator.e2e.Sandbox.Result;

/**
 * The operator installed as a platform team installs it -- the chart (two replicas, leader election, its own
 * ServiceAccount and RBAC) and deploy/ with kustomize -- running from its image as pods on the real node, in
 * namespaces that enforce the restricted Pod Security Standard.
 */
class InstalledOperatorEndToEndIT extends EndToEndTest {
    private ChartOperator chart;

    @BeforeEach
    void installedWithTheChart() throws Exception {
        sandbox.requireRealNode();
        chart = sandbox.chart();
        assertThat(chart).as("with a real node the end-to-end tier installs the operator with the chart").isNotNull();
    }

    @Test
    void whenTheLeaderIsKilledMidRunTheStandbyFinishesEveryRunWithOneJobPerStep() throws Exception {
        k("apply", "-f", RESOURCES.resolve("slow-steps.yaml").toString()).ok();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            runs.add(createRun("slow-steps", "five", false));
        }
        String leader = chart.awaitLeader();
        String holder = chart.holder();
        List<String> standbys = chart.pods().stream().filter(p -> !p.equals(leader)).toList();
        assertThat(standbys).hasSize(ChartOperator.REPLICAS - 1);
        assertThat(ready(standbys.get(0))).contains("\"role\":\"Standby\"").contains("\"reconciling\":false");
        assertThat(ready(leader)).contains("\"role\":\"Leader\"").contains("\"reconciling\":true");
        await().atMost(WAIT).until(() -> runs.stream().mapToInt(r -> uncheckedJobsOf(r).size()).sum() >= 6);

        Instant killed = Instant.now();
        chart.kill(leader);
        // a new process holds the Lease: the standby, or the killed container restarted in its pod, whichever
        // asks first once the Lease has expired
        String nextHolder = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(chart::holder, h -> !h.isEmpty() && !h.equals(holder));
        Duration takeover = Duration.between(killed, Instant.now());
        String next = ChartOperator.podOf(nextHolder);
        System.out.printf("leader %s SIGKILLed; %s (%s) holds the Lease %.1f s later%n", holder, nextHolder,
                standbys.contains(next) ? "the standby" : "the restarted container", takeover.toMillis() / 1000.0);

        for (String run : runs) {
            awaitValue("pwr/" + run, "{.status.phase}", "Succeeded", Duration.ofMinutes(3));
        }
        for (String run : runs) {
            assertThat(jobsOf(run)).as("Jobs of %s", run).hasSize(5);
            String transactions = get("pwr/" + run, "{.status.steps[*].transaction}");
            assertThat(Arrays.stream(transactions.split(" ")).distinct().count()).isEqualTo(5);
            String jobTransactions = k("get", "jobs", "-l", "polycrate.io/run=" + run, "-o",
                    "jsonpath={.items[*].metadata.labels.polycrate\\.io/transaction}").ok().out();
            assertThat(jobTransactions.split(" ")).containsExactlyInAnyOrder(transactions.split(" "));
        }
        // events say which instance wrote them: the old leader, then the new one
        String instances = k("get", "events", "-o", "jsonpath={.items[*].reportingInstance}").ok().out();
        assertThat(instances.split(" ")).contains(leader, next);
    }

    @Test
    void metricsShowTheOperatorsCountsWithoutALabelPerRun() throws Exception {
        k("apply", "-f", EXAMPLES.resolve("workflow-workspace.yaml").toString()).ok();
        String run = createRun("workflow-workspace", "workflow-1", true);
        awaitValue("pwr/" + run, "{.status.phase}", "Succeeded");
        String leader = chart.awaitLeader();

        // through the API server's pod proxy, as Prometheus would scrape the pod
        String metrics = sandbox.kubectl("get", "--raw", "/api/v1/namespaces/" + ChartOperator.NAMESPACE + "/pods/"
                + leader + ":8080/proxy/q/metrics").ok().out();

        List<String> ours = metrics.lines().filter(l -> l.startsWith("polycrate_")).toList();
        assertThat(ours).anySatisfy(l -> assertThat(l).startsWith("polycrate_steps_started_total"));
        assertThat(ours).anySatisfy(l -> assertThat(l).startsWith("polycrate_workflowruns{phase=\"Succeeded\"}"));
        assertThat(ours).anySatisfy(l -> assertThat(l).startsWith("polycrate_leader 1.0"));
        assertThat(metrics.lines().filter(l -> !l.startsWith("#")))
                .noneMatch(l -> l.contains(run) || l.contains(ns));
    }

    @Test
    void kustomizeInstallsTheOperatorWhichRunsTheExampleWithItsPrompts() throws Exception {
        chart.stop(); // one operator at a time
        try {
            sandbox.kubectl("apply", "-k", Sandbox.REPO.resolve("sandbox/deploy").toString()).ok();
            sandbox.kubectl("-n", "polycrate-system", "rollout", "status", "deployment/polycrate-operator",
                    "--timeout=180s").ok();
            assertThat(sandbox.kubectl("get", "namespace", "polycrate-system", "-o",
                    "jsonpath={.metadata.labels.pod-security\\.kubernetes\\.io/enforce}").ok().out())
                    .isEqualTo("restricted");
            await().atMost(WAIT).until(() -> !sandbox.kubectl("-n", "polycrate-system", "get", "lease",
                    ChartOperator.LEASE, "-o", "jsonpath={.spec.holderIdentity}").out().isBlank());

            k("apply", "-f", EXAMPLES.resolve("workflow-workspace.yaml").toString()).ok();
            String run = k("create", "-f", EXAMPLES.resolve("workflow-1-run.yaml").toString(), "-o",
                    "jsonpath={.metadata.name}").ok().out();
            awaitValue("pwr/" + run, "{.status.prompt.id}", "workflow");
            approveByAnnotation(run, "workflow");
            awaitValue("pwr/" + run, "{.status.prompt.id}", "action:block-1-action-1");
            approveByAnnotation(run, "workflow", "action:block-1-action-1");
            awaitValue("pwr/" + run, "{.status.prompt.id}", "step:block-2-action-1");
            sandbox.plugin("-n", ns, "approve", run).ok();
            awaitValue("pwr/" + run, "{.status.phase}", "Succeeded");
            assertThat(jobsOf(run)).hasSize(2);
            String reporter = k("get", "events", "--field-selector", "involvedObject.name=" + run, "-o",
                    "jsonpath={.items[0].reportingInstance}").ok().out();
            assertThat(reporter).startsWith("polycrate-operator-");
        } finally {
            // everything deploy/ made except the CRDs, which the chart's release owns and every test needs
            Result logs = sandbox.kubectl("-n", "polycrate-system", "logs", "deployment/polycrate-operator");
            java.nio.file.Files.writeString(Sandbox.LOGS.resolve("kustomize-operator.log"), logs.out() + logs.err());
            sandbox.kubectl("delete", "namespace", "polycrate-system", "--wait=true", "--timeout=120s");
            sandbox.kubectl("delete", "clusterrole,clusterrolebinding", "polycrate-operator", "--ignore-not-found");
            chart.start();
        }
    }

    private List<String> uncheckedJobsOf(String run) {
        try {
            return jobsOf(run);
        } catch (Exception e) {
            return List.of();
        }
    }

    /** The pod's /q/health/ready, through the API server's pod proxy (any status code). */
    private String ready(String pod) throws Exception {
        Result result = sandbox.kubectl("get", "--raw", "/api/v1/namespaces/" + ChartOperator.NAMESPACE + "/pods/"
                + pod + ":8080/proxy/q/health/ready");
        return (result.out() + result.err()).replaceAll("\\s", "");
    }
}
