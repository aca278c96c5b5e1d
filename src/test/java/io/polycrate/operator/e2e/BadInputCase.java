package io.polycrate.operator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * One row of the bad-input table, {@code src/test/resources/bad-input/cases.yaml} (its header describes the
 * fields), with its placeholders expanded for the row's namespace.
 */
record BadInputCase(String id, String what, String file, String verb, List<String> flags, String note,
        Outcome outcome, List<String> error, WorkspaceExpectation workspace, RunExpectation run,
        PendingExpectation pending, Action action, List<ObjectCheck> objects) {

    static final Path DIRECTORY = Sandbox.REPO.resolve("src/test/resources/bad-input");
    static final String NAMESPACE_PREFIX = "bi-";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)(?::([^}]*))?}");

    enum Outcome {
        @JsonProperty("rejected") REJECTED,
        @JsonProperty("workspace") WORKSPACE,
        @JsonProperty("run") RUN,
        @JsonProperty("pending-then") PENDING_THEN
    }

    record WorkspaceExpectation(String name, String ready, String reason, List<String> message, List<String> events,
            Map<String, String> fields, List<String> absent) {
        String objectName() {
            return Objects.requireNonNullElse(name, "ws");
        }

        String readyStatus() {
            return Objects.requireNonNullElse(ready, "False");
        }

        String readyReason() {
            return Objects.requireNonNullElse(reason, "False".equals(readyStatus()) ? "InvalidSpec" : "Valid");
        }

        List<String> eventReasons() {
            return events != null ? events : "False".equals(readyStatus()) ? List.of("InvalidSpec") : List.of();
        }
    }

    record RunExpectation(String name, String phase, String reason, List<String> message, List<StepExpectation> steps,
            List<EventExpectation> events, List<String> noEvents, Map<String, String> fields, List<String> absent) {
        String objectName() {
            return Objects.requireNonNullElse(name, "r");
        }
    }

    record StepExpectation(int index, String phase, List<String> message, Boolean started) {
    }

    record EventExpectation(String reason, Integer count, List<String> message) {
    }

    record PendingExpectation(String reason, List<String> message) {
    }

    record Action(String when, Integer step, @JsonProperty("do") String what, String patch, List<String> rejected) {
    }

    record ObjectCheck(String get, List<String> contains) {
    }

    String namespace() {
        return NAMESPACE_PREFIX + id;
    }

    Path path() {
        return DIRECTORY.resolve(file != null ? file : id + ".yaml");
    }

    String kubectlVerb() {
        return verb != null ? verb : "apply";
    }

    /** The rows of the table, with the placeholders of each expanded for its namespace and the requesting user. */
    static List<BadInputCase> load(String user) throws IOException {
        JsonNode table = YAML.readTree(DIRECTORY.resolve("cases.yaml").toFile()).path("cases");
        List<BadInputCase> cases = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode row : table) {
            String id = row.path("id").asText();
            if (!ids.add(id)) {
                throw new IllegalArgumentException("cases.yaml: duplicate row id " + id);
            }
            JsonNode expanded = expandTree(row.deepCopy(), NAMESPACE_PREFIX + id, user);
            BadInputCase c = YAML.treeToValue(expanded, BadInputCase.class);
            c.checkConsistent();
            cases.add(c);
        }
        return cases;
    }

    private void checkConsistent() {
        String where = "cases.yaml row " + id + ": ";
        if (what == null || outcome == null) {
            throw new IllegalArgumentException(where + "needs what and outcome");
        }
        if (!Files.isRegularFile(path())) {
            throw new IllegalArgumentException(where + "no file " + path());
        }
        boolean ok = switch (outcome) {
            case REJECTED -> error != null && !error.isEmpty() && workspace == null && run == null && action == null;
            case WORKSPACE -> workspace != null && run == null;
            case RUN -> run != null && run.phase() != null && pending == null;
            case PENDING_THEN -> run != null && run.phase() != null && pending != null;
        };
        if (!ok) {
            throw new IllegalArgumentException(where + "the fields do not fit outcome " + outcome);
        }
        if (action != null && (action.what() == null || ("step-running".equals(action.when()) && action.step() == null)
                || !Set.of("pending", "step-running").contains(action.when()))) {
            throw new IllegalArgumentException(where + "action needs when (pending|step-running), do and step");
        }
    }

    private static JsonNode expandTree(JsonNode node, String namespace, String user) {
        if (node instanceof TextNode text) {
            return new TextNode(expand(text.asText(), namespace, user));
        }
        if (node instanceof ObjectNode object) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            object.fields().forEachRemaining(e -> fields.put(expand(e.getKey(), namespace, user),
                    expandTree(e.getValue(), namespace, user)));
            object.removeAll();
            fields.forEach(object::set);
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, expandTree(array.get(i), namespace, user));
            }
        }
        return node;
    }

    /**
     * Expands the placeholders of a row's file or of cases.yaml. Unknown names (a shell's ${HOME} in a script)
     * and malformed arguments (a comment's ${NAME:n:prefix}) are left as they are.
     * <ul>
     * <li>${NS}: the row's namespace; ${USER}: the requesting user (kubectl auth whoami)</li>
     * <li>${NAME:n:prefix}: the prefix padded with 'x' to n characters (a DNS-1123 label up to 63)</li>
     * <li>${DOMAIN:n:prefix}: n characters of dot-separated labels of 63 (a DNS-1123 subdomain)</li>
     * <li>${STRING:n}: n times 'x'</li>
     * <li>${SCRIPT:lines:length}: a flow list of that many script lines "echo xx..." of that length</li>
     * <li>${STEPS:n:block:action}: a flow list of n steps s00001.. running that block's action</li>
     * <li>${BLOCKS:n}: a flow list of n blocks b01.., each with an action "run"</li>
     * <li>${IDS:n:prefix}: n comma-separated prompt ids prefix0001..;
     * ${SIGNED_IDS:n:prefix}: the same as id=user entries of polycrate.io/answered-by</li>
     * </ul>
     */
    static String expand(String text, String namespace, String user) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            List<String> args = m.group(2) == null ? List.of() : Arrays.asList(m.group(2).split(":", -1));
            String value;
            try {
                value = generate(m.group(1), args, namespace, user);
            } catch (NumberFormatException | IndexOutOfBoundsException malformed) {
                value = null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String generate(String name, List<String> args, String namespace, String user) {
        return switch (name) {
            case "NS" -> namespace;
            case "USER" -> user;
            case "NAME" -> padded(rest(args, 1), Integer.parseInt(args.get(0)));
            case "DOMAIN" -> domain(rest(args, 1), Integer.parseInt(args.get(0)));
            case "STRING" -> "x".repeat(Integer.parseInt(args.get(0)));
            case "SCRIPT" -> json(IntStream.range(0, Integer.parseInt(args.get(0)))
                    .mapToObj(i -> padded("echo ", Integer.parseInt(args.get(1)))).toList());
            case "STEPS" -> json(IntStream.rangeClosed(1, Integer.parseInt(args.get(0)))
                    .mapToObj(i -> Map.of("name", "s%05d".formatted(i), "block", args.get(1), "action", args.get(2)))
                    .toList());
            case "BLOCKS" -> json(IntStream.rangeClosed(1, Integer.parseInt(args.get(0)))
                    .mapToObj(i -> Map.of("name", "b%02d".formatted(i),
                            "actions", List.of(Map.of("name", "run", "script", List.of("true")))))
                    .toList());
            case "IDS" -> ids(Integer.parseInt(args.get(0)), rest(args, 1)).collect(Collectors.joining(","));
            case "SIGNED_IDS" -> ids(Integer.parseInt(args.get(0)), rest(args, 1)).map(id -> id + "=" + user)
                    .collect(Collectors.joining(","));
            default -> null;
        };
    }

    private static String rest(List<String> args, int from) {
        return String.join(":", args.subList(from, args.size()));
    }

    private static String padded(String prefix, int length) {
        if (prefix.length() > length) {
            throw new IndexOutOfBoundsException(prefix + " is longer than " + length);
        }
        return prefix + "x".repeat(length - prefix.length());
    }

    /** Labels of 63 characters separated by dots, {@code length} characters in all, starting with the prefix. */
    private static String domain(String prefix, int length) {
        StringBuilder name = new StringBuilder(prefix);
        while (name.length() < length) {
            name.append(name.length() % 64 == 63 && name.length() < length - 1 ? '.' : 'x');
        }
        return name.toString();
    }

    private static java.util.stream.Stream<String> ids(int count, String prefix) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + "%04d".formatted(i));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
