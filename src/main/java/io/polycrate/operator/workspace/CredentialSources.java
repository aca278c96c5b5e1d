package io.polycrate.operator.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.polycrate.operator.api.v1alpha1.Block;
import io.polycrate.operator.api.v1alpha1.CredentialSource;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;

/**
 * Where a block's steps take KUBECONFIG and ANSIBLE_INVENTORY from, in Polycrate's order: the block's artifact if a
 * previous step wrote one, else the block's own source (a Secret, or with {@code from} the other block's artifact,
 * else its Secret), else the workspace's. The block's source is inherited through block {@code from} as Polycrate
 * merges it. A Secret ends the list: once configured it is used, never skipped. Pure code.
 */
public final class CredentialSources {

    /** The two files, with Polycrate's file names (also the default Secret keys) and variables. */
    public enum Kind {
        KUBECONFIG("kubeconfig", "kubeconfig.yml", "KUBECONFIG", Block::getKubeconfig, WorkspaceSpec::getKubeconfig),
        INVENTORY("inventory", "inventory.yml", "ANSIBLE_INVENTORY", Block::getInventory, WorkspaceSpec::getInventory);

        private final String field;
        private final String fileName;
        private final String variable;
        private final Function<Block, CredentialSource> ofBlock;
        private final Function<WorkspaceSpec, CredentialSource> ofWorkspace;

        Kind(String field, String fileName, String variable, Function<Block, CredentialSource> ofBlock,
                Function<WorkspaceSpec, CredentialSource> ofWorkspace) {
            this.field = field;
            this.fileName = fileName;
            this.variable = variable;
            this.ofBlock = ofBlock;
            this.ofWorkspace = ofWorkspace;
        }

        /** The field's name in the spec: kubeconfig, inventory. */
        public String field() {
            return field;
        }

        /** Polycrate's name of the file: kubeconfig.yml, inventory.yml. */
        public String fileName() {
            return fileName;
        }

        /** The variable a step has it in: KUBECONFIG, ANSIBLE_INVENTORY. */
        public String variable() {
            return variable;
        }
    }

    private CredentialSources() {
    }

    /** The candidates of {@code kind} for the steps of {@code block}, in the order they are tried. */
    public static List<CredentialCandidate> of(Kind kind, WorkspaceSpec spec, BlockInheritance inheritance,
            String block) {
        List<CredentialCandidate> candidates = new ArrayList<>();
        CredentialSource own = declared(kind, spec, inheritance, block);
        String source = own != null && own.getFrom() != null ? own.getFrom() : block;
        CredentialSource sourceOwn = source.equals(block) ? own
                : declared(kind, spec, inheritance, source);
        if (add(candidates, kind, CredentialCandidate.artifact(source))
                || (sourceOwn != null && sourceOwn.getSecretRef() != null
                        && add(candidates, kind, secret(kind, sourceOwn)))) {
            return candidates;
        }
        CredentialSource workspace = kind.ofWorkspace.apply(spec);
        if (workspace == null) {
            return candidates;
        }
        if (workspace.getSecretRef() != null) {
            add(candidates, kind, secret(kind, workspace));
        } else if (workspace.getFrom() != null) {
            CredentialSource borrowed = declared(kind, spec, inheritance, workspace.getFrom());
            if (!add(candidates, kind, CredentialCandidate.artifact(workspace.getFrom()))
                    && borrowed != null && borrowed.getSecretRef() != null) {
                add(candidates, kind, secret(kind, borrowed));
            }
        }
        return candidates;
    }

    /** Adds a candidate unless it is there already; returns whether the list is complete (it ends at a Secret). */
    private static boolean add(List<CredentialCandidate> candidates, Kind kind, CredentialCandidate candidate) {
        if (!candidates.contains(candidate)) {
            candidates.add(candidate);
        }
        return candidate.isSecret();
    }

    private static CredentialCandidate secret(Kind kind, CredentialSource source) {
        String key = source.getSecretRef().getKey();
        return CredentialCandidate.secret(source.getSecretRef().getName(),
                key == null || key.isBlank() ? kind.fileName() : key);
    }

    /** A block's own source, as written on it. */
    private static CredentialSource ownOf(Kind kind, WorkspaceSpec spec, String block) {
        return spec.getBlocks() == null ? null : spec.getBlocks().stream()
                .filter(b -> b != null && block.equals(b.getName())).findFirst().map(kind.ofBlock).orElse(null);
    }

    /** The block's source, or the nearest one up its {@code from} chain; null if none. */
    public static CredentialSource declared(Kind kind, WorkspaceSpec spec, BlockInheritance inheritance,
            String block) {
        for (String name : inheritance.chain(block).orElse(List.of(block))) {
            CredentialSource source = ownOf(kind, spec, name);
            if (source != null) {
                return source;
            }
        }
        return null;
    }
}
