package io.polycrate.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.polycrate.operator.api.v1alpha1.WorkflowRun;
import io.polycrate.operator.api.v1alpha1.WorkflowRunSpec;
import io.polycrate.operator.api.v1alpha1.Workspace;

/**
 * The packaged operator as a process, the way Kubernetes runs it, against an API server on loopback (Fabric8's
 * mock server in CRUD mode, or none): it must exit non-zero by itself when it cannot start, so that the kubelet
 * restarts it with back-off, and end on SIGTERM in every state -- starting, alone and reconciling, the leader,
 * a standby -- with the JVM's code for SIGTERM (143). A leader that loses its Lease must exit non-zero.
 * <p>
 * The bounds only tell "never" from "did": the times are printed, not asserted.
 */
class OperatorLifecycleIT {
    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final Path OPERATOR_JAR = REPO.resolve("target/quarkus-app/quarkus-run.jar");
    private static final Path LOGS = REPO.resolve("target/lifecycle");
    /** Long enough for a JVM to start and stop on a loaded two-core machine; what takes longer never ends. */
    private static final Duration NEVER = Duration.ofSeconds(90);
    /** The JVM's exit code after SIGTERM (128 + 15), which Quarkus keeps. */
    private static final int SIGTERM_EXIT_CODE = 143;
    private static final String NAMESPACE = "lifecycle";

    private static KubernetesMockServer server;
    private static KubernetesClient client;

    private final List<Process> processes = new ArrayList<>();
    private String testName;

    @BeforeAll
    static void apiServer() throws IOException {
        assertThat(OPERATOR_JAR).as("the packaged operator (mvn package)").exists();
        Files.createDirectories(LOGS);
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        // JOSDK asks whether it may use the Lease before it runs for leader; the CRUD mock has no authorizer
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false)
                        .addNewResourceRule().withApiGroups("*").withResources("*").withVerbs("*").endResourceRule()
                        .endStatus().build())
                .always();
        client = server.createClient();
        try (DirectoryStream<Path> crds = Files.newDirectoryStream(REPO.resolve("crds"), "*.yml")) {
            for (Path crd : crds) {
                try (InputStream in = Files.newInputStream(crd)) {
                    client.load(in).create();
                }
            }
        }
        try (InputStream in = Files.newInputStream(REPO.resolve("examples/workflow-workspace.yaml"))) {
            Workspace workspace = client.getKubernetesSerialization().unmarshal(in, Workspace.class);
            client.resource(workspace).inNamespace(NAMESPACE).create();
        }
    }

    @AfterAll
    static void stopApiServer() {
        client.close();
        server.destroy();
    }

    @AfterEach
    void noOperatorLeft() {
        processes.forEach(Process::destroyForcibly);
    }

    @BeforeEach
    void named(TestInfo test) {
        testName = test.getTestMethod().orElseThrow().getName();
    }

    @Test
    void exitsWithCode1ByItselfWhenTheApiServerCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Instant started = Instant.now();
        Operator operator = start("unreachable", "https://127.0.0.1:" + closedPort, Map.of());

        int exitCode = operator.awaitExit();

        System.out.printf("API server unreachable: the operator exited with %d %.1f s after it was launched%n",
                exitCode, seconds(started));
        assertThat(exitCode).as("exit code; see %s", operator.log).isEqualTo(1);
        assertThat(operator.output()).contains("the Kubernetes API server at https://127.0.0.1:" + closedPort
                + "/ cannot be reached");
    }

    @Test
    void endsOnSigtermDuringStartUpWhileTheApiServerDoesNotAnswerItsLists() throws Exception {
        // answers GET /version, and never answers anything else: the informers wait for their first lists
        HttpServer silent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        silent.setExecutor(Executors.newCachedThreadPool());
        silent.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/version")) {
                byte[] body = "{\"major\":\"1\",\"minor\":\"33\",\"gitVersion\":\"v1.33.0\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            }
        });
        silent.start();
        try {
            Operator operator = start("starting", "http://127.0.0.1:" + silent.getAddress().getPort(), Map.of());
            operator.awaitLog("Starting 'workflowrun' controller");

            Duration stop = operator.sigterm();

            System.out.printf("SIGTERM while the informers wait for their lists: exited after %.1f s%n",
                    stop.toMillis() / 1000.0);
            assertThat(operator.process.exitValue()).as("exit code; see %s", operator.log)
                    .isEqualTo(SIGTERM_EXIT_CODE);
        } finally {
            silent.stop(0);
        }
    }

    @Test
    void aLoneOperatorEndsOnSigtermWhileItReconciles() throws Exception {
        Operator operator = start("alone", mockApiServer(), Map.of());
        operator.awaitLog("'workflowrun' controller started");
        for (int i = 0; i < 20; i++) {
            createRun("alone-" + i);
        }
        await().atMost(NEVER).until(() -> client.resources(WorkflowRun.class).inNamespace(NAMESPACE).list()
                .getItems().stream().anyMatch(r -> r.getMetadata().getName().startsWith("alone-")
                        && r.getStatus() != null && r.getStatus().getPhase() != null));

        Duration stop = operator.sigterm();

        System.out.printf("SIGTERM while reconciling 20 new runs: exited after %.1f s%n", stop.toMillis() / 1000.0);
        assertThat(operator.process.exitValue()).as("exit code; see %s", operator.log).isEqualTo(SIGTERM_EXIT_CODE);
    }

    @Test
    void theLeaderAndAStandbyEndOnSigterm() throws Exception {
        Map<String, String> election = leaderElection("sigterm");
        Operator leader = start("leader", mockApiServer(), election);
        leader.awaitLog("leads (Lease");
        Operator standby = start("standby", mockApiServer(), election);
        standby.awaitLog("The leader is now lifecycle-leader");
        createRun("leader-1");

        Duration standbyStop = standby.sigterm();
        Duration leaderStop = leader.sigterm();

        System.out.printf("SIGTERM: the standby exited after %.1f s, the leader after %.1f s%n",
                standbyStop.toMillis() / 1000.0, leaderStop.toMillis() / 1000.0);
        assertThat(standby.process.exitValue()).as("exit code; see %s", standby.log).isEqualTo(SIGTERM_EXIT_CODE);
        assertThat(leader.process.exitValue()).as("exit code; see %s", leader.log).isEqualTo(SIGTERM_EXIT_CODE);
    }

    @Test
    void aLeaderThatLosesItsLeaseExitsWithCode1() throws Exception {
        Map<String, String> election = leaderElection("lost");
        Operator leader = start("leader", mockApiServer(), election);
        leader.awaitLog("leads (Lease");
        String lease = election.get("POLYCRATE_LEADER_ELECTION_LEASE_NAME");

        // another instance holds the Lease now (as after this one could not renew it in time)
        Instant taken = Instant.now();
        while (leader.process.isAlive() && Duration.between(taken, Instant.now()).compareTo(NEVER) < 0) {
            try {
                client.leases().inNamespace(NAMESPACE).withName(lease).edit(l -> {
                    l.getSpec().setHolderIdentity("another-instance");
                    l.getSpec().setAcquireTime(ZonedDateTime.now());
                    l.getSpec().setRenewTime(ZonedDateTime.now());
                    return l;
                });
            } catch (KubernetesClientException e) {
                // the leader renewed it in between (409 Conflict): take it again
                assertThat(e.getCode()).as("%s", e.getMessage()).isEqualTo(409);
            }
            leader.process.waitFor(500, TimeUnit.MILLISECONDS);
        }
        int exitCode = leader.awaitExit();

        System.out.printf("the leader exited with %d %.1f s after another instance took its Lease%n", exitCode,
                seconds(taken));
        assertThat(exitCode).as("exit code; see %s", leader.log).isEqualTo(1);
        assertThat(leader.output()).contains("lost the Lease " + lease);
    }

    private static String mockApiServer() {
        return "http://127.0.0.1:" + server.getPort();
    }

    private Map<String, String> leaderElection(String lease) {
        return Map.of("POLYCRATE_LEADER_ELECTION_ENABLED", "true",
                "POLYCRATE_LEADER_ELECTION_LEASE_NAME", "lifecycle-" + lease,
                "POLYCRATE_LEADER_ELECTION_LEASE_NAMESPACE", NAMESPACE);
    }

    private void createRun(String name) {
        WorkflowRun run = new WorkflowRun();
        run.getMetadata().setName(name);
        run.setSpec(new WorkflowRunSpec());
        run.getSpec().setWorkspace("workflow-workspace");
        run.getSpec().setWorkflow("workflow-1");
        run.getSpec().setForce(true);
        client.resource(run).inNamespace(NAMESPACE).create();
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }

    /** The packaged operator as a process, with only the API server's address for configuration. */
    private Operator start(String instance, String apiServer, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", OPERATOR_JAR.toString());
        Map<String, String> environment = builder.environment();
        environment.put("KUBERNETES_MASTER", apiServer);
        // nothing of the machine's own Kubernetes configuration
        environment.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        environment.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        environment.put("KUBERNETES_TRUST_CERTIFICATES", "true");
        environment.put("KUBERNETES_NAMESPACE", NAMESPACE);
        environment.put("QUARKUS_HTTP_PORT", "0");
        environment.put("POD_NAME", "lifecycle-" + instance);
        environment.putAll(env);
        Path log = LOGS.resolve(testName + "-" + instance + ".log");
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        return new Operator(process, log);
    }

    private record Operator(Process process, Path log) {
        String output() throws IOException {
            return Files.readString(log);
        }

        void awaitLog(String text) {
            await().atMost(NEVER).pollInterval(Duration.ofMillis(100))
                    .until(() -> !process.isAlive() || output().contains(text));
            assertThat(process.isAlive()).as("operator running; see %s", log).isTrue();
        }

        /** Its exit code; fails when it does not end by itself. */
        int awaitExit() throws InterruptedException {
            assertThat(process.waitFor(NEVER.toSeconds(), TimeUnit.SECONDS))
                    .as("the operator exited within %s; see %s", NEVER, log).isTrue();
            return process.exitValue();
        }

        /** SIGTERM, as the kubelet sends it; how long until the process ended. */
        Duration sigterm() throws InterruptedException {
            Instant sent = Instant.now();
            process.destroy();
            awaitExit();
            return Duration.between(sent, Instant.now());
        }
    }
}
