package io.polycrate.operator.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.Block;
import io.polycrate.operator.api.v1alpha1.BlockFiles;
import io.polycrate.operator.api.v1alpha1.ConfigMapRef;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;

/** Which files a block's steps run in, through from: as in Polycrate, the parent's unless the block has its own. */
class BlockDirectoryTest {
    private static Block block(String name, String from, BlockFiles files) {
        Block block = new Block(name, List.of(new Action("install", List.of("ls"))));
        block.setFrom(from);
        block.setFiles(files);
        return block;
    }

    private static BlockFiles configMap(String name) {
        BlockFiles files = new BlockFiles();
        files.setConfigMapRef(new ConfigMapRef(name));
        return files;
    }

    private static BlockDirectory directory(String block, Block... blocks) {
        WorkspaceSpec spec = new WorkspaceSpec();
        spec.setBlocks(List.of(blocks));
        return new BlockInheritance(spec).resolve(block).orElseThrow().directory();
    }

    @Test
    void aBlockRunsInItsOwnFiles() {
        BlockFiles files = configMap("base-files");

        assertThat(directory("base", block("base", null, files))).isEqualTo(new BlockDirectory("base", files));
    }

    @Test
    void aBlockMadeFromAnotherRunsInTheNearestAncestorsFilesUnlessItHasItsOwn() {
        BlockFiles baseFiles = configMap("base-files");
        BlockFiles ownFiles = new BlockFiles();
        ownFiles.setImage("registry/blocks/own:1");
        Block base = block("base", null, baseFiles);
        Block middle = block("middle", "base", null);
        Block child = block("child", "middle", null);
        Block own = block("own", "middle", ownFiles);
        Block grandchild = block("grandchild", "own", null);

        assertThat(directory("child", base, middle, child, own, grandchild))
                .isEqualTo(new BlockDirectory("base", baseFiles));
        assertThat(directory("own", base, middle, child, own, grandchild))
                .isEqualTo(new BlockDirectory("own", ownFiles));
        assertThat(directory("grandchild", base, middle, child, own, grandchild))
                .isEqualTo(new BlockDirectory("own", ownFiles));
    }

    @Test
    void withoutFilesAnywhereInTheChainThereIsNoBlockDirectory() {
        assertThat(directory("child", block("base", null, null), block("child", "base", null))).isNull();
    }
}
