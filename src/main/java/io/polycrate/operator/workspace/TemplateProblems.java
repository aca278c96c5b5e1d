package io.polycrate.operator.workspace;

import java.util.List;

import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.Block;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;

/** The workspace validator's check of the actions' Go templates. Pure code. */
final class TemplateProblems {
    private TemplateProblems() {
    }

    /**
     * Renders every action of every block as a run would (Polycrate renders them all when the workspace loads): a
     * template that does not render is reported at the action that holds it, naming the block it was rendered for.
     */
    static void check(List<SpecProblem> problems, String name, WorkspaceSpec spec,
            List<Block> blocks, BlockInheritance inheritance) {
        for (Block block : blocks) {
            if (block == null || block.getName() == null) {
                continue;
            }
            ResolvedBlock resolved = inheritance.resolve(block.getName()).orElse(null);
            if (resolved == null) {
                continue; // a broken from-chain is reported at the block
            }
            for (Action action : resolved.actions().values()) {
                for (ActionTemplates.Problem problem : ActionTemplates.problems(name, spec, inheritance, resolved,
                        action)) {
                    String definedIn = definingBlock(inheritance, blocks, block.getName(), action.getName());
                    String where = "block \"" + block.getName() + "\""
                            + (definedIn.equals(block.getName()) ? "" : " (inherited from \"" + definedIn + "\")")
                            + ", action \"" + action.getName() + "\"";
                    String message = problem.getMessage().startsWith("line ") ? where + ", " + problem.getMessage()
                            : where + ": " + problem.getMessage();
                    SpecProblem found = new SpecProblem(actionPath(blocks, definedIn, action.getName()) + "."
                            + problem.field(), message);
                    if (!problems.contains(found)) {
                        problems.add(found);
                    }
                }
            }
        }
    }

    /** The block of {@code block}'s from-chain whose own actions hold {@code action}. */
    private static String definingBlock(BlockInheritance inheritance, List<Block> blocks, String block,
            String action) {
        for (String name : inheritance.chain(block).orElse(List.of(block))) {
            for (Block candidate : blocks) {
                if (candidate != null && name.equals(candidate.getName()) && candidate.getActions() != null
                        && candidate.getActions().stream().anyMatch(a -> a != null && action.equals(a.getName()))) {
                    return name;
                }
            }
        }
        return block;
    }

    private static String actionPath(List<Block> blocks, String block, String action) {
        for (int i = 0; i < blocks.size(); i++) {
            Block candidate = blocks.get(i);
            if (candidate != null && block.equals(candidate.getName()) && candidate.getActions() != null) {
                for (int a = 0; a < candidate.getActions().size(); a++) {
                    Action found = candidate.getActions().get(a);
                    if (found != null && action.equals(found.getName())) {
                        return "blocks[" + i + "].actions[" + a + "]";
                    }
                }
            }
        }
        return "blocks";
    }

}
