package io.polycrate.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;

import io.polycrate.operator.e2e.Sandbox.Result;

/** What every end-to-end test has: the sandbox, a namespace of its own, and kubectl in that namespace. */
abstract class EndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final Path RESOURCES = Sandbox.REPO.resolve("src/test/resources/e2e");
    static final Path EXAMPLES = Sandbox.REPO.resolve("examples");
    /** The examples written as Polycrate workspaces (workspace.poly, blocks/<block>/block.poly and their files). */
    static final Path POLYCRATE_EXAMPLES = EXAMPLES.resolve("polycrate");
    /** What the import says to run for a secret it does not print: the Secret's name and its --from-file. */
    private static final Pattern CREATE_SECRET =
            Pattern.compile("kubectl create secret generic ([a-z0-9.-]+).*?--from-file=([^=\\s]+)=([^\\s`'\"]+)");

    Sandbox sandbox;
    String ns;

    @BeforeEach
    void namespaceOfItsOwn(TestInfo test) throws Exception {
        sandbox = Sandbox.get();
        String method = test.getTestMethod().orElseThrow().getName().toLowerCase().replaceAll("[^a-z0-9]", "");
        ns = "e2e-" + method.substring(0, Math.min(40, method.length()));
        if (test.getTestMethod().orElseThrow().isAnnotationPresent(ParameterizedTest.class)) {
            // each invocation its own namespace, named after it (@ParameterizedTest(name = "{0}"))
            String variant = test.getDisplayName().toLowerCase().replaceAll("[^a-z0-9]", "");
            ns += "-" + variant.substring(0, Math.min(18, variant.length()));
        }
        sandbox.kubectl("delete", "namespace", ns, "--ignore-not-found", "--wait=true", "--timeout=60s");
        sandbox.kubectl("create", "namespace", ns).ok();
    }

    Result k(String... args) throws Exception {
        return sandbox.kubectlIn(ns, args);
    }

    String get(String resource, String jsonPath) throws Exception {
        return k("get", resource, "-o", "jsonpath=" + jsonPath).ok().out();
    }

    void awaitValue(String resource, String jsonPath, String expected) {
        awaitValue(resource, jsonPath, expected, WAIT);
    }

    void awaitValue(String resource, String jsonPath, String expected, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(get(resource, jsonPath)).isEqualTo(expected));
    }

    /** Creates a WorkflowRun of the workflow (a generated name) and returns its name. */
    String createRun(String workspace, String workflow, boolean force) throws Exception {
        Path manifest = Files.createTempFile("run", ".yaml");
        Files.writeString(manifest, """
                apiVersion: polycrate.io/v1alpha1
                kind: WorkflowRun
                metadata:
                  generateName: %s-
                spec:
                  workspace: %s
                  workflow: %s
                  force: %s
                """.formatted(workflow, workspace, workflow, force));
        String name = k("create", "-f", manifest.toString(), "-o", "jsonpath={.metadata.name}").ok().out();
        Files.delete(manifest);
        return name;
    }

    /**
     * Approves these prompt ids by annotation, as the sandbox's admin, each answer signed in
     * polycrate.io/answered-by as the approvals policy requires (the ids given before must be given again).
     */
    void approveByAnnotation(String run, String... ids) throws Exception {
        String user = sandbox.kubectl("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}").ok().out();
        List<String> signed = Arrays.stream(ids).map(id -> id + "=" + user).toList();
        k("annotate", "pwr/" + run, "polycrate.io/approve=" + String.join(",", ids),
                "polycrate.io/answered-by=" + String.join(",", signed), "--overwrite").ok();
    }

    /**
     * kubectl polycrate import examples/polycrate/EXAMPLE -n NS [flags], as a user runs it, then the Secrets its
     * stderr says to create (a block's kubeconfig, never printed), created in the test's namespace as it says:
     * {@code kubectl create secret generic NAME --from-file=KEY=PATH}. Returns what the import printed.
     */
    Result importPolycrateWorkspace(String example, String... flags) throws Exception {
        String dir = POLYCRATE_EXAMPLES.resolve(example).toString();
        List<String> args = new ArrayList<>(List.of("import", dir, "-n", ns));
        args.addAll(Arrays.asList(flags));
        Result imported = sandbox.plugin(args.toArray(String[]::new)).ok();
        System.out.printf("kubectl polycrate import %s: stderr:%n%s%n", example, imported.err());
        for (String line : imported.err().lines().toList()) {
            Matcher secret = CREATE_SECRET.matcher(line);
            if (secret.find()) {
                // the file as the import names it: reachable from where the command ran (the repository)
                Path file = Sandbox.REPO.resolve(secret.group(3));
                k("create", "secret", "generic", secret.group(1), "--from-file=" + secret.group(2) + "=" + file).ok();
            }
        }
        return imported;
    }

    List<String> jobsOf(String run) throws Exception {
        String names = k("get", "jobs", "-l", "polycrate.io/run=" + run, "-o", "jsonpath={.items[*].metadata.name}")
                .ok().out().strip();
        return names.isEmpty() ? List.of() : List.of(names.split(" "));
    }

    String condition(String run, String type, String field) throws Exception {
        return get("pwr/" + run, "{.status.conditions[?(@.type==\"" + type + "\")]." + field + "}");
    }
}
