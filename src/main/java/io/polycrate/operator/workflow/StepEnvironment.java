package io.polycrate.operator.workflow;

import java.util.LinkedHashMap;
import java.util.Map;

import io.polycrate.operator.workspace.ActionTemplates;

/**
 * The variables the operator gives every step, as Polycrate names them: POLYCRATE_WORKSPACE is the workspace
 * directory, POLYCRATE_FORCE is 1 or 0. The step's Job has them all; its snapshot's {@code env} has those known when
 * the plan is made (all but the transaction). Pure code.
 */
public final class StepEnvironment {
    /** Where the step's script and snapshot are mounted. */
    public static final String PLAN_MOUNT = "/polycrate";
    public static final String SCRIPT_PATH = PLAN_MOUNT + "/step.sh";
    public static final String SNAPSHOT_PATH = PLAN_MOUNT + "/snapshot.yaml";

    private StepEnvironment() {
    }

    /** The operator's variables of a step; {@code transaction} null for those known before the step runs. */
    public static Map<String, String> of(String run, boolean force, String workspace, String workflow,
            PlannedStep step, String transaction) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("POLYCRATE_WORKSPACE", ActionTemplates.WORKSPACE_ROOT);
        env.put("POLYCRATE_WORKSPACE_NAME", workspace);
        env.put("POLYCRATE_WORKFLOW", workflow == null ? "" : workflow);
        env.put("POLYCRATE_STEP", step.name());
        env.put("POLYCRATE_BLOCK", step.block());
        env.put("POLYCRATE_ACTION", step.action());
        if (transaction != null) {
            env.put("POLYCRATE_TRANSACTION", transaction);
        }
        env.put("POLYCRATE_RUN", run);
        env.put("POLYCRATE_FORCE", force ? "1" : "0");
        env.put("POLYCRATE_WORKSPACE_SNAPSHOT_YAML", SNAPSHOT_PATH);
        return env;
    }
}
