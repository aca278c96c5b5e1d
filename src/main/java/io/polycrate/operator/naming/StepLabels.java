package io.polycrate.operator.naming;

/** Labels and annotations on step Jobs and their pods. */
public final class StepLabels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String OPERATOR = "polycrate-operator";
    /** Selects every Job and pod this operator made: the informers watch only these. */
    public static final String SELECTOR = MANAGED_BY + "=" + OPERATOR;
    public static final String RUN = "polycrate.io/run";
    public static final String WORKSPACE = "polycrate.io/workspace";
    public static final String WORKFLOW = "polycrate.io/workflow";
    public static final String STEP = "polycrate.io/step";
    public static final String STEP_INDEX = "polycrate.io/step-index";
    public static final String TRANSACTION = "polycrate.io/transaction";
    /** Annotation with the run's full name (a label value may be shortened): maps Jobs and pods to runs. */
    public static final String RUN_NAME_ANNOTATION = "polycrate.io/run-name";
    /** The name of the step's container. */
    public static final String CONTAINER = "step";

    private StepLabels() {
    }
}
