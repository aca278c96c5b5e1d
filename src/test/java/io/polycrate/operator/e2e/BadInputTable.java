package io.polycrate.operator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.polycrate.operator.e2e.BadInputCase.Action;
import io.polycrate.operator.e2e.BadInputCase.EventExpectation;
import io.polycrate.operator.e2e.BadInputCase.ObjectCheck;
import io.polycrate.operator.e2e.BadInputCase.Outcome;
import io.polycrate.operator.e2e.BadInputCase.RunExpectation;
import io.polycrate.operator.e2e.BadInputCase.StepExpectation;
import io.polycrate.operator.e2e.BadInputCase.WorkspaceExpectation;
import io.polycrate.operator.e2e.Sandbox.Result;
import io.polycrate.operator.naming.KubernetesNames;

/**
 * Runs the bad-input table: every row's documents are sent through kubectl up front (a namespace per row, a
 * few rows at a time), then one polling loop reads all Workspaces and WorkflowRuns at once and moves each row
 * along (waits, mid-run actions, its end state, then 3 s in which the object must not change). The events are
 * read once at the end. Every row collects all of its failures; none stops another.
 */
final class BadInputTable {
    static final String NAMESPACE_LABEL = "polycrate.io/e2e=bad-input";
    /** Generous: the slowest rows wait for the operator's wait timeout (20 s in the end-to-end tier). */
    private static final Duration ROW_BOUND = Duration.ofSeconds(90);
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final int MAX_CHANGES_AFTER_OUTCOME = 5;
    private static final Duration POLL = Duration.ofMillis(700);
    private static final List<String> JAVA_TEXT = List.of("Exception", "java.", "NullPointer", "\tat ");
    private static final Set<String> FINISHED = Set.of("Succeeded", "Failed", "Cancelled");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Sandbox sandbox;
    private final String user;
    private final List<Row> rows;

    BadInputTable(Sandbox sandbox, String user, List<BadInputCase> cases) {
        this.sandbox = sandbox;
        this.user = user;
        this.rows = cases.stream().map(Row::new).toList();
    }

    List<Row> rows() {
        return rows;
    }

    /** Sends every row (a few at a time) while watching those sent, to their end; then checks events and invariants. */
    void run() throws Exception {
        removeLeftovers();
        createNamespaces();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Row row : rows) {
                pool.submit(row::sendOrFail);
            }
            Map<String, JsonNode> objects;
            while (rows.stream().anyMatch(row -> !row.done)) {
                objects = readObjects();
                Instant now = Instant.now();
                for (Row row : rows) {
                    if (row.sent && !row.done) {
                        row.advance(objects, now);
                    }
                }
                Thread.sleep(POLL.toMillis());
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, JsonNode> objects = readObjects();
        JsonNode events = JSON.readTree(sandbox.kubectl("get", "events", "-A", "-o", "json").ok().out()).path("items");
        for (Row row : rows) {
            row.finalChecks(objects, events);
        }
    }

    /** Namespaces of an earlier run on a kept sandbox. */
    private void removeLeftovers() throws Exception {
        sandbox.kubectl("delete", "namespace", "-l", NAMESPACE_LABEL, "--wait=true", "--timeout=120s");
    }

    private void createNamespaces() throws Exception {
        StringBuilder list = new StringBuilder();
        for (Row row : rows) {
            list.append("""
                    apiVersion: v1
                    kind: Namespace
                    metadata:
                      name: %s
                      labels: {polycrate.io/e2e: bad-input}
                    ---
                    """.formatted(row.ns));
        }
        sandbox.kubectlWithInput(list.toString(), "apply", "-f", "-").ok();
    }

    /** Deletes the rows' namespaces without waiting. */
    void cleanUp() throws Exception {
        sandbox.kubectl("delete", "namespace", "-l", NAMESPACE_LABEL, "--wait=false");
    }

    /** Every Workspace and WorkflowRun of the table's namespaces, by namespace/kind/name. */
    private Map<String, JsonNode> readObjects() throws Exception {
        Result got = sandbox.kubectl("get", "workspaces.polycrate.io,workflowruns.polycrate.io", "-A", "-o", "json").ok();
        Map<String, JsonNode> objects = new HashMap<>();
        for (JsonNode item : JSON.readTree(got.out()).path("items")) {
            String ns = item.path("metadata").path("namespace").asText();
            if (ns.startsWith(BadInputCase.NAMESPACE_PREFIX)) {
                objects.put(key(ns, item.path("kind").asText(), item.path("metadata").path("name").asText()), item);
            }
        }
        return objects;
    }

    private static String key(String ns, String kind, String name) {
        return ns + "/" + kind + "/" + name;
    }

    /** One YAML document of a row's file. */
    record Document(String text, boolean held, boolean ownNamespace) {
        static List<Document> split(String file) {
            List<Document> documents = new ArrayList<>();
            for (String text : file.split("(?m)^---[ \t]*$")) {
                List<String> lines = text.strip().lines().filter(l -> !l.isBlank()).toList();
                if (lines.stream().allMatch(l -> l.stripLeading().startsWith("#"))) {
                    continue;
                }
                boolean held = lines.get(0).startsWith("# held");
                documents.add(new Document(text.strip() + "\n", held, namesItsNamespace(text)));
            }
            return documents;
        }

        /** A Namespace, or an object with metadata.namespace: sent without the row's -n. */
        private static boolean namesItsNamespace(String text) {
            try {
                JsonNode tree = YAML.readTree(text);
                return tree != null && ("Namespace".equals(tree.path("kind").asText())
                        || !tree.path("metadata").path("namespace").asText().isEmpty());
            } catch (IOException notYaml) {
                return false;
            }
        }
    }

    private enum State { WAIT_PENDING, WAIT_TRIGGER, WAIT_OUTCOME, SETTLING }

    /** A row on its way: what it saw, what failed, when it got there. */
    final class Row {
        final BadInputCase c;
        final String ns;
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        private List<Document> documents = List.of();
        private State state;
        private Instant sentAt;
        private Instant reachedAt;
        private Instant unchangedSince;
        private String lastVersions;
        private int changesAfterOutcome;
        private JsonNode lastRun;
        private JsonNode lastWorkspace;
        private String actionDone;
        private String kubectlError;
        /** The namespace's events (all of them, Jobs' and pods' too) of a row that failed, for the report. */
        final List<String> diagnostics = new ArrayList<>();
        volatile boolean sent;
        volatile boolean done;
        Duration timeToOutcome;

        Row(BadInputCase c) {
            this.c = c;
            this.ns = c.namespace();
        }

        String runName() {
            return c.run() == null ? null : c.run().objectName();
        }

        String workspaceName() {
            return c.workspace() == null ? "ws" : c.workspace().objectName();
        }

        /** Sends the row; a row that cannot even be sent (kubectl hangs, say) fails alone. */
        void sendOrFail() {
            try {
                send();
            } catch (Exception e) {
                failures.add("could not send the row: " + e);
                done = true;
                sent = true;
            }
        }

        private void send() throws Exception {
            documents = Document.split(BadInputCase.expand(Files.readString(c.path()), ns, user));
            sentAt = Instant.now();
            List<Document> upFront = documents.stream().filter(d -> !d.held()).toList();
            for (int i = 0; i < upFront.size(); i++) {
                Result result = kubectlSend(upFront.get(i));
                boolean last = i == upFront.size() - 1;
                if (c.outcome() == Outcome.REJECTED && last) {
                    checkRejected(result);
                } else if (result.exitCode() != 0) {
                    failures.add("kubectl " + c.kubectlVerb() + " of document " + (i + 1) + " failed: "
                            + result.err().strip());
                }
            }
            if (c.outcome() == Outcome.REJECTED || !failures.isEmpty()) {
                timeToOutcome = Duration.between(sentAt, Instant.now());
                done = true;
            } else {
                state = c.outcome() == Outcome.PENDING_THEN ? State.WAIT_PENDING
                        : c.action() != null ? State.WAIT_TRIGGER : State.WAIT_OUTCOME;
            }
            sent = true;
        }

        private Result kubectlSend(Document document) throws Exception {
            List<String> args = new ArrayList<>(List.of(c.kubectlVerb()));
            if (c.flags() != null) {
                args.addAll(c.flags());
            }
            if (!document.ownNamespace()) {
                args.addAll(List.of("-n", ns));
            }
            args.addAll(List.of("-f", "-"));
            return sandbox.kubectlWithInput(document.text(), args.toArray(String[]::new));
        }

        private void checkRejected(Result result) {
            kubectlError = result.err().strip();
            if (result.exitCode() == 0) {
                failures.add("accepted, but it must be rejected with " + c.error() + "; kubectl said: "
                        + result.out().strip());
                return;
            }
            for (String expected : c.error()) {
                if (!result.err().contains(expected)) {
                    failures.add("rejected, but the error does not contain \"" + expected + "\": " + result.err().strip());
                }
            }
            javaText("kubectl's error", result.err());
        }

        /** One step of the polling loop. */
        void advance(Map<String, JsonNode> objects, Instant now) throws Exception {
            JsonNode run = runName() == null ? null : objects.get(key(ns, "WorkflowRun", runName()));
            JsonNode workspace = objects.get(key(ns, "Workspace", workspaceName()));
            lastRun = run != null ? run : lastRun;
            lastWorkspace = workspace != null ? workspace : lastWorkspace;
            if (now.isAfter(sentAt.plus(ROW_BOUND))) {
                failures.add("no end state within " + ROW_BOUND.toSeconds() + " s (state " + state + "); last seen: "
                        + observed());
                done = true;
                return;
            }
            switch (state) {
                case WAIT_PENDING -> waitPending(run);
                case WAIT_TRIGGER -> waitTrigger(run);
                case WAIT_OUTCOME -> {
                    if (reached(run, workspace)) {
                        reachedAt = now;
                        timeToOutcome = Duration.between(sentAt, now);
                        unchangedSince = now;
                        lastVersions = versions(run, workspace);
                        state = State.SETTLING;
                    }
                }
                case SETTLING -> {
                    String versions = versions(run, workspace);
                    if (!versions.equals(lastVersions)) {
                        changesAfterOutcome++;
                        lastVersions = versions;
                        unchangedSince = now;
                        if (changesAfterOutcome > MAX_CHANGES_AFTER_OUTCOME) {
                            failures.add("keeps changing after its end state (" + changesAfterOutcome
                                    + " writes in " + Duration.between(reachedAt, now).toMillis()
                                    + " ms): a retry loop? last seen: " + observed());
                            done = true;
                        }
                    } else if (!Duration.between(unchangedSince, now).minus(SETTLE).isNegative()) {
                        done = true;
                    }
                }
            }
        }

        private void waitPending(JsonNode run) throws Exception {
            if (run == null) {
                return;
            }
            String phase = run.path("status").path("phase").asText();
            if ("Pending".equals(phase) && c.pending().reason().equals(succeeded(run, "reason"))) {
                String message = succeeded(run, "message");
                for (String expected : orEmpty(c.pending().message())) {
                    if (!message.contains(expected)) {
                        failures.add("while Pending, condition Succeeded's message does not contain \"" + expected
                                + "\": " + message);
                    }
                }
                if (c.action() != null && "pending".equals(c.action().when())) {
                    act(run);
                }
                state = State.WAIT_OUTCOME;
            } else if (FINISHED.contains(phase)) {
                failures.add("never seen Pending with reason " + c.pending().reason() + " before it ended: "
                        + observed());
                state = State.WAIT_OUTCOME;
            }
        }

        private void waitTrigger(JsonNode run) throws Exception {
            if (run == null) {
                return;
            }
            int index = c.action().step();
            String phase = run.path("status").path("steps").path(index).path("phase").asText();
            if ("Running".equals(phase)) {
                if (c.action().what().endsWith("-pod") && runningPod(run, index) == null) {
                    return;
                }
                act(run);
                state = State.WAIT_OUTCOME;
            } else if (FINISHED.contains(run.path("status").path("phase").asText())) {
                failures.add("ended before step " + index + " was seen Running, so the action " + c.action().what()
                        + " never happened: " + observed());
                state = State.WAIT_OUTCOME;
            }
        }

        private String runningPod(JsonNode run, int index) throws Exception {
            String job = run.path("status").path("steps").path(index).path("job").asText();
            JsonNode pods = JSON.readTree(sandbox.kubectlIn(ns, "get", "pods", "-l", "job-name=" + job, "-o", "json")
                    .ok().out()).path("items");
            for (JsonNode pod : pods) {
                if ("Running".equals(pod.path("status").path("phase").asText())
                        && pod.path("metadata").path("deletionTimestamp").isMissingNode()) {
                    return pod.path("metadata").path("name").asText();
                }
            }
            return null;
        }

        private void act(JsonNode run) throws Exception {
            Action action = c.action();
            int index = action.step() == null ? 0 : action.step();
            String job = run.path("status").path("steps").path(index).path("job").asText();
            Result result = switch (action.what()) {
                case "apply-held" -> {
                    Result last = null;
                    for (Document held : documents.stream().filter(Document::held).toList()) {
                        last = kubectlSend(held);
                        if (last.exitCode() != 0) {
                            break;
                        }
                    }
                    yield Objects.requireNonNull(last, "the file has no held document");
                }
                case "delete-workspace" -> sandbox.kubectlIn(ns, "delete", "workspaces.polycrate.io", workspaceName(),
                        "--wait=false");
                case "delete-plan" -> sandbox.kubectlIn(ns, "delete", "configmap",
                        KubernetesNames.planConfigMapName(runName()), "--wait=false");
                case "delete-job" -> sandbox.kubectlIn(ns, "delete", "job", job, "--wait=false");
                case "delete-pod" -> sandbox.kubectlIn(ns, "delete", "pod", runningPod(run, index), "--wait=false");
                case "evict-pod" -> {
                    String pod = runningPod(run, index);
                    yield sandbox.kubectlWithInput("""
                            {"apiVersion": "policy/v1", "kind": "Eviction", "metadata": {"name": "%s", "namespace": "%s"}}
                            """.formatted(pod, ns), "create", "--raw",
                            "/api/v1/namespaces/" + ns + "/pods/" + pod + "/eviction", "-f", "-");
                }
                case "patch-run" -> sandbox.kubectlIn(ns, "patch", "workflowruns.polycrate.io", runName(), "--type",
                        "merge", "-p", action.patch());
                default -> throw new IllegalArgumentException("unknown action " + action.what());
            };
            actionDone = action.what() + " at run phase " + run.path("status").path("phase").asText();
            if (action.rejected() == null) {
                if (result.exitCode() != 0) {
                    failures.add("action " + action.what() + " failed: " + result.err().strip());
                }
                return;
            }
            if (result.exitCode() == 0) {
                failures.add("action " + action.what() + " was accepted, but must be rejected with "
                        + action.rejected());
                return;
            }
            for (String expected : action.rejected()) {
                if (!result.err().contains(expected)) {
                    failures.add("action " + action.what() + " was rejected, but the error does not contain \""
                            + expected + "\": " + result.err().strip());
                }
            }
        }

        /** The run has ended (or shows the expected phase) and the Workspace has been validated. */
        private boolean reached(JsonNode run, JsonNode workspace) {
            if (c.workspace() != null) {
                if (workspace == null || readyCondition(workspace).isMissingNode()
                        || workspace.path("status").path("observedGeneration").asLong(-1)
                        != workspace.path("metadata").path("generation").asLong()) {
                    return false;
                }
            }
            if (c.run() != null) {
                if (run == null) {
                    return false;
                }
                String phase = run.path("status").path("phase").asText();
                return FINISHED.contains(phase) || c.run().phase().equals(phase);
            }
            return true;
        }

        private String versions(JsonNode run, JsonNode workspace) {
            return (run == null ? "-" : run.path("metadata").path("resourceVersion").asText()) + "/"
                    + (workspace == null ? "-" : workspace.path("metadata").path("resourceVersion").asText());
        }

        /** After the loop: the end state against the expectations, the events, and the invariants. */
        void finalChecks(Map<String, JsonNode> objects, JsonNode allEvents) throws Exception {
            if (c.outcome() == Outcome.REJECTED || state == null) {
                return;
            }
            JsonNode run = runName() == null ? null : objects.get(key(ns, "WorkflowRun", runName()));
            JsonNode workspace = objects.get(key(ns, "Workspace", workspaceName()));
            List<JsonNode> events = StreamSupport.stream(allEvents.spliterator(), false)
                    .filter(e -> Set.of(ns, ns + "-other").contains(e.path("metadata").path("namespace").asText()))
                    .filter(e -> Set.of("Workspace", "WorkflowRun").contains(e.path("involvedObject").path("kind").asText()))
                    .toList();
            if (c.workspace() != null) {
                checkWorkspace(workspace, events);
            }
            if (c.run() != null) {
                checkRun(run, events);
            }
            for (ObjectCheck check : orEmpty(c.objects())) {
                checkObject(check);
            }
            for (JsonNode event : events) {
                String reason = event.path("reason").asText();
                if ("ReconcileFailed".equals(reason)) {
                    failures.add("ReconcileFailed event on " + event.path("involvedObject").path("kind").asText()
                            + " " + event.path("involvedObject").path("name").asText() + ": "
                            + event.path("message").asText());
                }
                javaText("event " + reason, event.path("message").asText());
            }
            if (!failures.isEmpty()) {
                for (JsonNode event : allEvents) {
                    if (Set.of(ns, ns + "-other").contains(event.path("metadata").path("namespace").asText())) {
                        JsonNode about = event.path("involvedObject");
                        diagnostics.add(event.path("type").asText() + " " + event.path("reason").asText() + " "
                                + about.path("kind").asText() + "/" + shortName(about.path("name").asText()) + " (x"
                                + event.path("count").asInt(1) + "): " + abbreviate(event.path("message").asText()));
                    }
                }
            }
            for (JsonNode object : new JsonNode[] {run, workspace}) {
                if (object == null) {
                    continue;
                }
                String kind = object.path("kind").asText();
                javaText(kind + " status.message", object.path("status").path("message").asText());
                for (JsonNode condition : object.path("status").path("conditions")) {
                    String type = condition.path("type").asText();
                    javaText(kind + " condition " + type, condition.path("message").asText());
                    if ("ReconcileError".equals(type) && "True".equals(condition.path("status").asText())) {
                        failures.add(kind + " has condition ReconcileError=True: " + condition.path("message").asText());
                    }
                }
                for (JsonNode step : object.path("status").path("steps")) {
                    javaText(kind + " step " + step.path("name").asText(), step.path("message").asText());
                }
            }
        }

        private void checkWorkspace(JsonNode workspace, List<JsonNode> events) {
            WorkspaceExpectation expected = c.workspace();
            if (workspace == null) {
                failures.add("Workspace " + expected.objectName() + " does not exist");
                return;
            }
            JsonNode ready = readyCondition(workspace);
            String status = ready.path("status").asText();
            String reason = ready.path("reason").asText();
            String message = ready.path("message").asText();
            if (!expected.readyStatus().equals(status) || !expected.readyReason().equals(reason)) {
                failures.add("Workspace Ready is " + status + "/" + reason + ", expected " + expected.readyStatus()
                        + "/" + expected.readyReason() + " (message: " + message + ")");
            }
            for (String part : orEmpty(expected.message())) {
                if (!message.contains(part)) {
                    failures.add("Workspace Ready message does not contain \"" + part + "\": " + message);
                }
            }
            for (String eventReason : expected.eventReasons()) {
                if (eventsOf(events, "Workspace", expected.objectName(), eventReason).isEmpty()) {
                    failures.add("no " + eventReason + " event on Workspace " + shortName(expected.objectName()));
                }
            }
            checkFields("Workspace", workspace, expected.fields(), expected.absent());
        }

        private void checkRun(JsonNode run, List<JsonNode> events) {
            RunExpectation expected = c.run();
            if (run == null) {
                failures.add("WorkflowRun " + shortName(expected.objectName()) + " does not exist");
                return;
            }
            JsonNode status = run.path("status");
            String phase = status.path("phase").asText();
            String reason = succeeded(run, "reason");
            if (!expected.phase().equals(phase) || (expected.reason() != null && !expected.reason().equals(reason))) {
                failures.add("run ended " + phase + "/" + reason + ", expected " + expected.phase() + "/"
                        + Objects.requireNonNullElse(expected.reason(), "(any reason)") + " (message: "
                        + status.path("message").asText() + ")");
            }
            String finished = condition(run, "Finished", "status") + "/" + condition(run, "Finished", "reason");
            String expectedFinished = (FINISHED.contains(phase) ? "True" : "False") + "/" + reason;
            if (!finished.equals(expectedFinished)) {
                failures.add("condition Finished is " + finished + ", expected " + expectedFinished + " (phase "
                        + phase + ", Succeeded's reason " + reason + ")");
            }
            String succeededStatus = condition(run, "Succeeded", "status");
            String expectedSucceeded = !FINISHED.contains(phase) ? "Unknown" : "Succeeded".equals(reason) ? "True"
                    : "False";
            if (!succeededStatus.equals(expectedSucceeded)) {
                failures.add("condition Succeeded is " + succeededStatus + "/" + reason + ", expected "
                        + expectedSucceeded + " (only a clean success is True)");
            }
            for (String part : orEmpty(expected.message())) {
                if (!status.path("message").asText().contains(part)) {
                    failures.add("status.message does not contain \"" + part + "\": " + status.path("message").asText());
                }
            }
            for (StepExpectation step : orEmpty(expected.steps())) {
                JsonNode actual = status.path("steps").path(step.index());
                String where = "step " + step.index() + " (" + actual.path("name").asText() + ")";
                if (step.phase() != null && !step.phase().equals(actual.path("phase").asText())) {
                    failures.add(where + " is " + actual.path("phase").asText() + ", expected " + step.phase()
                            + " (message: " + actual.path("message").asText() + ")");
                }
                for (String part : orEmpty(step.message())) {
                    if (!actual.path("message").asText().contains(part)) {
                        failures.add(where + " message does not contain \"" + part + "\": "
                                + actual.path("message").asText());
                    }
                }
                if (Boolean.FALSE.equals(step.started()) && !actual.path("startTime").isMissingNode()) {
                    failures.add(where + " has a startTime " + actual.path("startTime").asText()
                            + ", but it never started");
                }
            }
            for (EventExpectation event : orEmpty(expected.events())) {
                List<JsonNode> found = eventsOf(events, "WorkflowRun", expected.objectName(), event.reason());
                long count = found.stream().mapToLong(e -> e.path("count").asLong(1)).sum();
                if (event.count() == null ? count == 0 : count != event.count()) {
                    failures.add(count + " " + event.reason() + " events on the run, expected "
                            + (event.count() == null ? "at least one" : event.count()));
                }
                for (String part : orEmpty(event.message())) {
                    if (found.stream().noneMatch(e -> e.path("message").asText().contains(part))) {
                        failures.add("no " + event.reason() + " event message contains \"" + part + "\": "
                                + found.stream().map(e -> e.path("message").asText()).limit(3).toList());
                    }
                }
            }
            for (String reasonNot : orEmpty(expected.noEvents())) {
                List<JsonNode> found = eventsOf(events, "WorkflowRun", expected.objectName(), reasonNot);
                if (!found.isEmpty()) {
                    failures.add(found.size() + " " + reasonNot + " events on the run, expected none: "
                            + found.get(0).path("message").asText());
                }
            }
            checkFields("WorkflowRun", run, expected.fields(), expected.absent());
        }

        private void checkFields(String kind, JsonNode object, Map<String, String> fields, List<String> absent) {
            if (fields != null) {
                fields.forEach((pointer, value) -> {
                    JsonNode actual = object.at(pointer);
                    String text = actual.isValueNode() ? actual.asText() : actual.toString();
                    if (actual.isMissingNode() || !value.equals(text)) {
                        failures.add(kind + " " + pointer + " is " + (actual.isMissingNode() ? "absent" : "\"" + text + "\"")
                                + ", expected \"" + value + "\"");
                    }
                });
            }
            for (String pointer : orEmpty(absent)) {
                if (!object.at(pointer).isMissingNode()) {
                    failures.add(kind + " " + pointer + " is " + object.at(pointer) + ", expected absent (pruned)");
                }
            }
        }

        private void checkObject(ObjectCheck check) throws Exception {
            Result got = sandbox.kubectlIn(ns, "get", check.get(), "-o", "json");
            if (got.exitCode() != 0) {
                failures.add("kubectl get " + check.get() + " failed: " + got.err().strip());
                return;
            }
            StringBuilder data = new StringBuilder();
            JSON.readTree(got.out()).path("data").forEach(value -> data.append(value.asText()).append('\n'));
            for (String part : orEmpty(check.contains())) {
                if (!data.toString().contains(part)) {
                    failures.add(check.get() + " does not hold, verbatim: " + part);
                }
            }
        }

        private List<JsonNode> eventsOf(List<JsonNode> events, String kind, String name, String reason) {
            return events.stream()
                    .filter(e -> kind.equals(e.path("involvedObject").path("kind").asText())
                            && name.equals(e.path("involvedObject").path("name").asText())
                            && reason.equals(e.path("reason").asText()))
                    .toList();
        }

        private void javaText(String where, String text) {
            for (String marker : JAVA_TEXT) {
                if (text.contains(marker)) {
                    failures.add(where + " contains Java exception text (\"" + marker.replace("\t", "\\t") + "\"): "
                            + abbreviate(text));
                    return;
                }
            }
        }

        /** What the row's objects showed last, for a failure message. */
        String observed() {
            List<String> parts = new ArrayList<>();
            if (kubectlError != null) {
                parts.add("kubectl: " + abbreviate(kubectlError));
            }
            if (lastRun != null) {
                JsonNode status = lastRun.path("status");
                parts.add("run " + status.path("phase").asText("(no phase)") + "/" + succeeded(lastRun, "reason")
                        + " \"" + abbreviate(status.path("message").asText()) + "\" steps "
                        + StreamSupport.stream(status.path("steps").spliterator(), false)
                                .map(s -> s.path("name").asText() + "=" + s.path("phase").asText())
                                .collect(Collectors.joining(",", "[", "]")));
            } else if (runName() != null) {
                parts.add("no run");
            }
            if (lastWorkspace != null) {
                JsonNode ready = readyCondition(lastWorkspace);
                parts.add("workspace Ready=" + ready.path("status").asText("?") + "/" + ready.path("reason").asText()
                        + " \"" + abbreviate(ready.path("message").asText()) + "\"");
            }
            if (actionDone != null) {
                parts.add("action: " + actionDone);
            }
            return String.join("; ", parts);
        }
    }

    private static JsonNode readyCondition(JsonNode workspace) {
        for (JsonNode condition : workspace.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return condition;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String succeeded(JsonNode run, String field) {
        return condition(run, "Succeeded", field);
    }

    private static String condition(JsonNode run, String type, String field) {
        for (JsonNode condition : run.path("status").path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition.path(field).asText();
            }
        }
        return "";
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static String shortName(String name) {
        return name.length() <= 40 ? name : name.substring(0, 20) + "...(" + name.length() + " chars)";
    }

    static String abbreviate(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + "...(" + text.length() + " chars)";
    }
}
