package io.polycrate.operator.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed Polycrate workspaces and the exact errors each must produce: every error names the file and the key,
 * and a workspace with errors produces no objects at all.
 */
class ImportErrorsTest {
    @TempDir
    Path dir;

    record Case(String name, Map<String, String> files, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Map<String, String> files(String... pathsAndContents) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1]);
        }
        return files;
    }

    private static final String STEP = """
            workflows:
            - name: deploy
              steps:
              - {name: install, block: app, action: install}
            """;

    static Stream<Case> cases() {
        return Stream.of(
                new Case("no workspace.poly", files("blocks/app/block.poly", "name: app\n"),
                        List.of("workspace.poly: not found (a Polycrate workspace directory has one)")),
                new Case("workspace.poly is a list", files("workspace.poly", "- name: w\n"),
                        List.of("workspace.poly: must be a mapping, not a list")),
                new Case("unknown key in block.poly (read strictly, as Polycrate does)", files(
                        "workspace.poly", "name: w\n" + STEP,
                        "blocks/app/block.poly", "name: app\nactions:\n- name: install\n  script: [echo]\n  scripts: [x]\n"),
                        List.of("blocks/app/block.poly: actions[install].scripts: unknown key (Polycrate's block.poly "
                                + "is read strictly and rejects it too)")),
                new Case("block.poly without a name", files(
                        "workspace.poly", "name: w\n",
                        "blocks/app/block.poly", "actions:\n- name: install\n  script: [echo]\n"),
                        List.of("blocks/app/block.poly: name: missing: every block has a name")),
                new Case("from names no block and no registry", files(
                        "workspace.poly", "name: w\nblocks:\n- name: app\n  from: base\n"),
                        List.of("workspace.poly: blocks[app].from: 'base' is neither a block of this workspace nor a "
                                + "registry block ([registry/]name[:version])")),
                new Case("from asks for a version the workspace's block does not have", files(
                        "workspace.poly", "name: w\nblocks:\n- name: app\n  from: base:2.0.0\n",
                        "blocks/base/block.poly", "name: base\nversion: 1.0.0\n"),
                        List.of("workspace.poly: blocks[app].from: 'base:2.0.0' asks for version '2.0.0' of block "
                                + "'base', but the workspace has version '1.0.0' of it")),
                new Case("from chain with a cycle", files(
                        "workspace.poly", "name: w\nblocks:\n- name: a\n  from: b\n- name: b\n  from: a\n"),
                        List.of("workspace.poly: blocks[a].from: 'a' -> 'b' -> 'a' is a cycle (Polycrate would never "
                                + "finish resolving it)")),
                new Case("duplicate step names", files(
                        "workspace.poly", """
                                name: w
                                blocks:
                                - name: app
                                  actions: [{name: install, script: [echo]}]
                                workflows:
                                - name: deploy
                                  steps:
                                  - {name: install, block: app, action: install}
                                  - {name: install, block: app, action: install}
                                """),
                        List.of("workspace.poly: workflows[deploy].steps[install].name: duplicate step name "
                                + "\"install\" (also at workflows[0].steps[0])")),
                new Case("a workflow without steps", files(
                        "workspace.poly", "name: w\nworkflows:\n- name: deploy\n"),
                        List.of("workspace.poly: workflows[deploy].steps: workflow \"deploy\" has no steps")),
                new Case("names that collide once mapped to DNS-1123", files(
                        "workspace.poly", "name: w\nblocks:\n- name: my_app\n- name: My-App\n"),
                        List.of("workspace.poly: blocks[My-App].name: 'My-App' and 'my_app' both become the block "
                                + "name 'my-app'")),
                new Case("a name that cannot be mapped", files(
                        "workspace.poly", "name: w\nblocks:\n- name: ___\n"),
                        List.of("workspace.poly: blocks[___].name: '___' cannot be made a DNS-1123 label (lower-case "
                                + "letters, digits and '-', at most 63 characters)")),
                new Case("a step naming a block that does not exist", files(
                        "workspace.poly", "name: w\n" + STEP),
                        List.of("workspace.poly: workflows[deploy].steps[install].block: no block named \"app\"")),
                new Case("a step naming an action its block lacks", files(
                        "workspace.poly", "name: w\n" + STEP,
                        "blocks/app/block.poly", "name: app\nactions:\n- name: deploy\n  script: [echo]\n"),
                        List.of("workspace.poly: workflows[deploy].steps[install].action: block \"app\" has no action "
                                + "named \"install\" (it has: deploy)")),
                new Case("script and playbook after Polycrate's merge of workspace.poly and block.poly", files(
                        "workspace.poly", "name: w\nblocks:\n- name: app\n  actions:\n  - name: install\n"
                                + "    playbook: install.yml\n" + STEP,
                        "blocks/app/block.poly", "name: app\nactions:\n- name: install\n  script: [echo]\n"),
                        List.of("workspace.poly: blocks[app].actions[install]: has both script and playbook; an "
                                + "action has exactly one")),
                new Case("extraenv entry without =", files(
                        "workspace.poly", "name: w\nextraenv: [DEBUG]\n"),
                        List.of("workspace.poly: extraenv[0]: 'DEBUG' is not KEY=value")),
                new Case("extraenv setting a variable the operator sets", files(
                        "workspace.poly", "name: w\nextraenv: [POLYCRATE_FORCE=1]\n"),
                        List.of("workspace.poly: extraenv[0].name: \"POLYCRATE_FORCE\" is set by the operator (every "
                                + "POLYCRATE_* variable is); choose another name")),
                new Case("a prompt over the CRD's limit", files(
                        "workspace.poly", "name: w\nblocks:\n- name: app\n  actions:\n  - name: install\n"
                                + "    script: [echo]\n    prompt: {message: " + "x".repeat(1025) + "}\n"),
                        List.of("workspace.poly: blocks[app].actions[install].prompt.message: has 1025 characters, "
                                + "more than the CRD's limit of 1024")),
                new Case("more actions in a block than the CRD allows", files(
                        "workspace.poly", "name: w\n",
                        "blocks/app/block.poly", "name: app\nactions:\n" + actions(33)),
                        List.of("blocks/app/block.poly: actions: has 33 items, more than the CRD's limit of 32")),
                new Case("a block directory over a ConfigMap's size limit", files(
                        "workspace.poly", "name: w\n",
                        "blocks/app/block.poly", "name: app\nactions:\n- name: install\n  script: [echo]\n",
                        "blocks/app/data.txt", "x".repeat(1024 * 1024 + 1)),
                        List.of("blocks/app: the block's files are 1048585 bytes, over a ConfigMap's limit of 1048576: "
                                + "push the block as an image (polycrate block push) and import it as a registry "
                                + "block (from: registry/name:version)")),
                new Case("config the block's schema.json rejects", files(
                        "workspace.poly", "name: w\nblocks:\n- name: app\n  config: {replicas: many}\n",
                        "blocks/app/block.poly", "name: app\n",
                        "blocks/app/schema.json", "{\"type\": \"object\", \"properties\": {\"replicas\": "
                                + "{\"type\": \"integer\"}}}"),
                        List.of("blocks/app/schema.json: block 'app': config.replicas: string found, integer "
                                + "expected")),
                new Case("a schema.json that is not JSON", files(
                        "workspace.poly", "name: w\n",
                        "blocks/app/block.poly", "name: app\n",
                        "blocks/app/schema.json", "{\"type\": \"object\","),
                        List.of("blocks/app/schema.json: is not valid JSON: Unexpected end-of-input within/between "
                                + "Object entries")),
                new Case("kubeconfig from a block that does not exist", files(
                        "workspace.poly", "name: w\nblocks:\n- name: app\n  kubeconfig: {from: cluster}\n"),
                        List.of("workspace.poly: blocks[app].kubeconfig.from: 'cluster' is not a block of this "
                                + "workspace")),
                new Case("a script that is not a list", files(
                        "workspace.poly", "name: w\n",
                        "blocks/app/block.poly", "name: app\nactions:\n- name: install\n  script: echo hi\n"),
                        List.of("blocks/app/block.poly: actions[install].script: must be a list of strings, not "
                                + "'echo hi'")),
                new Case("a template that does not parse", files(
                        "workspace.poly", "name: w\n",
                        "blocks/app/block.poly", "name: app\nactions:\n- name: install\n"
                                + "  script: ['echo {{ .Block.Config.x ']\n"),
                        List.of("blocks/app/block.poly: actions[install].script[0]: block \"app\", action "
                                + "\"install\", line 1: unclosed action")));
    }

    private static String actions(int count) {
        StringBuilder actions = new StringBuilder();
        for (int i = 0; i < count; i++) {
            actions.append("- name: a").append(i).append("\n  script: [echo]\n");
        }
        return actions.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aMalformedWorkspaceGivesExactlyItsErrorsAndNoObjects(Case c) throws IOException {
        for (Map.Entry<String, String> file : c.files().entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }

        WorkspaceImport.Result result = WorkspaceImport.run(dir, WorkspaceImport.Options.defaults());

        assertThat(result.errors()).extracting(ImportMessage::toString).containsExactlyElementsOf(c.errors());
        assertThat(result.objects()).isEmpty();
    }
}
