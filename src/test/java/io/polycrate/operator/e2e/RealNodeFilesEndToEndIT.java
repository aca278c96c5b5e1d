package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.polycrate.operator.e2e.Sandbox.Result;

/**
 * A block's files and the artifacts volume as a step really sees them, on the sandbox's real node: the block
 * directory from a ConfigMap (nested paths, modes) is the working directory, inherited through from; a file step 1
 * writes to /workspace/artifacts is there for step 2; the run's claim is bound by the sandbox's provisioner and goes
 * with the run. Block files from an OCI image (an image volume) as far as the node's runtime supports them.
 */
class RealNodeFilesEndToEndIT extends EndToEndTest {
    private static final String BLOCK_IMAGE = "localhost/polycrate-sandbox/block-web:1";
    /** The runtime version from which containerd mounts image volumes. */
    private static final int[] CONTAINERD_WITH_IMAGE_VOLUMES = {2, 1};

    @BeforeEach
    void realNodeIsThere() throws Exception {
        sandbox.requireRealNode();
    }

    @Test
    void stepsRunInTheirBlockFilesAndHandArtifactsOnAndTheClaimGoesWithTheRun() throws Exception {
        k("apply", "-f", RESOURCES.resolve("real-node-files.yaml").toString()).ok();
        String run = createRun("files", "hand-over", false);

        awaitValue("pwr/" + run, "{.status.phase}", "Succeeded", RealNodeEndToEndIT.PULL_GIVE_UP);

        assertThat(sandbox.plugin("-n", ns, "logs", run, "write").ok().out()).isEqualTo("""
                /workspace/blocks/base
                - hosts: localhost
                  tasks: [{debug: {msg: installing}}]
                hello from base
                """);
        // the child block runs in its parent's files, in its own directory, and reads what step 1 wrote
        assertThat(sandbox.plugin("-n", ns, "logs", run, "read").ok().out()).isEqualTo("""
                /workspace/blocks/child
                - hosts: localhost
                  tasks: [{debug: {msg: installing}}]
                hello from child
                written by write
                kept for base
                """);
        String claim = run + "-artifacts";
        assertThat(get("pvc/" + claim, "{.status.phase}")).isEqualTo("Bound");
        assertThat(get("pvc/" + claim, "{.metadata.ownerReferences[0].kind} {.metadata.ownerReferences[0].name} "
                + "{.metadata.ownerReferences[0].controller}")).isEqualTo("WorkflowRun " + run + " true");
        String volume = get("pvc/" + claim, "{.spec.volumeName}");

        k("delete", "pwr/" + run, "--wait=false").ok();

        // the garbage collector deletes the claim with the run, and the provisioner its volume
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(k("get", "pvc", "-o", "name").ok().out()).doesNotContain(claim);
            assertThat(sandbox.kubectl("get", "pv", "-o", "name").ok().out()).doesNotContain(volume);
        });
    }

    @Test
    void aMissingFilesConfigMapFailsTheStepAtOnceNamingIt() throws Exception {
        k("apply", "-f", RESOURCES.resolve("real-node-files.yaml").toString()).ok();
        String run = createRun("files", "missing-files", false);

        awaitValue("pwr/" + run, "{.status.phase}", "Failed");

        assertThat(get("pwr/" + run, "{.status.steps[0].message}")).isEqualTo("the block's files cannot be mounted: "
                + "ConfigMap \"no-such-files\" (files.configMapRef of block \"missing\") does not exist in namespace \""
                + ns + "\"");
        assertThat(jobsOf(run)).isEmpty();
    }

    @Test
    void theApiServerRefusesFilesFromTwoPlacesAndPathsOutsideTheBlockDirectory() throws Exception {
        Result both = sandbox.kubectlWithInput(workspace("""
                {configMapRef: {name: x}, image: "registry/x:1"}"""), "apply", "-n", ns, "-f", "-");
        Result outside = sandbox.kubectlWithInput(workspace("""
                {configMapRef: {name: x}, items: [{key: a, path: ../../etc/a}]}"""), "apply", "-n", ns, "-f", "-");

        assertThat(both.exitCode()).isNotZero();
        assertThat(both.err()).contains("spec.blocks[0].files", "set exactly one of configMapRef and image");
        assertThat(outside.exitCode()).isNotZero();
        assertThat(outside.err()).contains("spec.blocks[0].files.items[0].path", "must be a relative path without '..'");
    }

    @Test
    void blockFilesFromAnImageAsFarAsTheNodesRuntimeMountsThem() throws Exception {
        loadBlockImage();
        k("apply", "-f", RESOURCES.resolve("real-node-image-files.yaml").toString()).ok();
        String run = createRun("image-files", "list", false);

        if (runtimeMountsImageVolumes()) {
            awaitValue("pwr/" + run, "{.status.phase}", "Succeeded", RealNodeEndToEndIT.PULL_GIVE_UP);
            assertThat(sandbox.plugin("-n", ns, "logs", run, "list").ok().out()).isEqualTo("""
                    /workspace/blocks/web
                    name: web
                    version: 1.0.0
                    - hosts: localhost
                      tasks: [{debug: {msg: from the block image}}]
                    """);
            return;
        }
        // containerd before 2.1 pulls the volume's image but cannot mount it: the kubelet retries the container
        // for ever; the step fails after the operator's grace period, with the kubelet's reason
        await().atMost(WAIT).untilAsserted(() -> assertThat(k("get", "pods", "-l", "polycrate.io/run=" + run, "-o",
                "jsonpath={.items[0].spec.volumes[?(@.name==\"polycrate-block-files\")].image.reference} "
                        + "{.items[0].status.containerStatuses[0].state.waiting.reason}").ok().out())
                .isEqualTo(BLOCK_IMAGE + " CreateContainerError"));
        awaitValue("pwr/" + run, "{.status.phase}", "Failed", RealNodeEndToEndIT.PULL_GIVE_UP);
        assertThat(get("pwr/" + run, "{.status.steps[0].message}"))
                .startsWith("the step's container cannot be created: CreateContainerError: ");
    }

    private static String workspace(String files) {
        return """
                apiVersion: polycrate.io/v1alpha1
                kind: Workspace
                metadata: {name: refused}
                spec:
                  blocks:
                  - name: web
                    files: %s
                    actions: [{name: a, script: ["true"]}]
                """.formatted(files);
    }

    /** The block image (src/test/resources/e2e/block-image), built with the sandbox's oci-image and loaded. */
    private void loadBlockImage() throws Exception {
        String tools = sandbox.script(Duration.ofMinutes(10), Sandbox.SCRIPT.toString(), "tools").ok().out().strip();
        String archive = Sandbox.LOGS.resolve("block-web.tar").toString();
        sandbox.script(Duration.ofMinutes(1), tools + "/oci-image", "-tag", BLOCK_IMAGE, "-out", archive,
                "-layer", RESOURCES.resolve("block-image").toString()).ok();
        sandbox.script(Duration.ofMinutes(1), Sandbox.SCRIPT.toString(), "load-image", archive).ok();
    }

    /** Whether the real node's runtime mounts image volumes (containerd 2.1 or later). */
    private boolean runtimeMountsImageVolumes() throws Exception {
        String runtime = sandbox.kubectl("get", "node", Sandbox.REAL_NODE, "-o",
                "jsonpath={.status.nodeInfo.containerRuntimeVersion}").ok().out();
        Matcher version = Pattern.compile("^containerd://(\\d+)\\.(\\d+)").matcher(runtime);
        assertThat(version.find()).as("the real node's runtime: %s", runtime).isTrue();
        int major = Integer.parseInt(version.group(1));
        int minor = Integer.parseInt(version.group(2));
        return major > CONTAINERD_WITH_IMAGE_VOLUMES[0]
                || major == CONTAINERD_WITH_IMAGE_VOLUMES[0] && minor >= CONTAINERD_WITH_IMAGE_VOLUMES[1];
    }
}
