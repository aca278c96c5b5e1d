package io.polycrate.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.Block;
import io.polycrate.operator.api.v1alpha1.PodMetadataOverride;
import io.polycrate.operator.api.v1alpha1.PodTemplateOverride;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;

class BlockInheritanceTest {

    private static Block block(String name, String from, Action... actions) {
        Block block = new Block(name, actions.length == 0 ? null : List.of(actions));
        block.setFrom(from);
        return block;
    }

    private static Action script(String name, String line) {
        return new Action(name, List.of(line));
    }

    private static WorkspaceSpec workspace(Block... blocks) {
        WorkspaceSpec spec = new WorkspaceSpec();
        spec.setBlocks(List.of(blocks));
        return spec;
    }

    @Test
    void childTakesParentImageUnlessItHasItsOwn() {
        Block base = block("base", null, script("install", "echo base"));
        base.setImage("registry/base:1");
        Block plain = block("plain", "base");
        Block own = block("own", "base");
        own.setImage("registry/own:2");

        BlockInheritance inheritance = new BlockInheritance(workspace(base, plain, own));

        assertThat(inheritance.resolve("plain").orElseThrow().image()).isEqualTo("registry/base:1");
        assertThat(inheritance.resolve("own").orElseThrow().image()).isEqualTo("registry/own:2");
    }

    @Test
    void configIsDeepMergedWithTheChildWinning() {
        Block base = block("base", null);
        base.setConfig(Map.of("db", Map.of("port", 5432, "user", "postgres"), "replicas", 1,
                "tags", List.of("a", "b")));
        Block child = block("child", "base");
        child.setConfig(Map.of("db", Map.of("user", "app"), "tags", List.of("c")));

        Map<String, Object> config = new BlockInheritance(workspace(base, child)).resolve("child").orElseThrow()
                .config();

        assertThat(config).isEqualTo(Map.of("db", Map.of("port", 5432, "user", "app"), "replicas", 1,
                "tags", List.of("c")));
    }

    @Test
    void actionsOfTheSameNameAreReplacedOthersInherited() {
        Block base = block("base", null, script("install", "echo base install"), script("backup", "echo backup"));
        Block child = block("child", "base", script("install", "echo child install"), script("upgrade", "echo up"));

        var actions = new BlockInheritance(workspace(base, child)).resolve("child").orElseThrow().actions();

        assertThat(actions.keySet()).containsExactly("install", "backup", "upgrade");
        assertThat(actions.get("install").getScript()).containsExactly("echo child install");
    }

    @Test
    void envAccumulatesAlongTheChainAndTheChildWinsByName() {
        Block base = block("base", null);
        base.setEnv(List.of(new EnvVar("A", "1", null), new EnvVar("B", "1", null)));
        Block middle = block("middle", "base");
        middle.setEnv(List.of(new EnvVar("B", "2", null)));
        Block leaf = block("leaf", "middle");
        leaf.setEnv(List.of(new EnvVar("C", "3", null)));

        var env = new BlockInheritance(workspace(leaf, middle, base)).resolve("leaf").orElseThrow().env();

        assertThat(env).extracting(EnvVar::getName, EnvVar::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("A", "1"),
                        org.assertj.core.groups.Tuple.tuple("B", "2"),
                        org.assertj.core.groups.Tuple.tuple("C", "3"));
    }

    @Test
    void podTemplatesMergeAlongTheChain() {
        Block base = block("base", null);
        base.setPodTemplate(template(Map.of("team", "db"), Map.of("nodeSelector", Map.of("zone", "a"))));
        Block child = block("child", "base");
        child.setPodTemplate(template(Map.of("tier", "gold"), Map.of("priorityClassName", "high")));

        PodTemplateOverride merged = new BlockInheritance(workspace(base, child)).resolve("child").orElseThrow()
                .podTemplate();

        assertThat(merged.getMetadata().getLabels()).containsOnly(Map.entry("team", "db"), Map.entry("tier", "gold"));
        assertThat(merged.getSpec()).containsOnly(Map.entry("nodeSelector", Map.of("zone", "a")),
                Map.entry("priorityClassName", "high"));
    }

    @Test
    void brokenChainsResolveToNothing() {
        BlockInheritance inheritance = new BlockInheritance(workspace(block("a", "b"), block("b", "a"),
                block("orphan", "missing")));

        assertThat(inheritance.resolve("a")).isEmpty();
        assertThat(inheritance.resolve("orphan")).isEmpty();
        assertThat(inheritance.resolve("nope")).isEmpty();
        assertThat(inheritance.cycleFrom("a")).contains(List.of("a", "b", "a"));
    }

    private static PodTemplateOverride template(Map<String, String> labels, Map<String, Object> spec) {
        PodTemplateOverride template = new PodTemplateOverride();
        PodMetadataOverride metadata = new PodMetadataOverride();
        metadata.setLabels(labels);
        template.setMetadata(metadata);
        template.setSpec(spec);
        return template;
    }
}
