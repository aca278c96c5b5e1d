package io.polycrate.operator.workflow;

/** What the operator knows of a run's artifacts PersistentVolumeClaim (for a plan with an artifacts volume). */
public sealed interface ArtifactsClaim {
    /** Not there (or not looked for: the plan has no artifacts volume, or the run has not got that far). */
    record Absent() implements ArtifactsClaim {
    }

    /** There, and the run's (its controller reference has the run's UID). */
    record Ours() implements ArtifactsClaim {
    }

    /** A claim of its name that another object controls, or none ({@code why} says which, for people). */
    record Foreign(String why) implements ArtifactsClaim {
    }

    /** The API server refused to create it ({@code message}: what it said). */
    record Refused(String message) implements ArtifactsClaim {
    }

    ArtifactsClaim ABSENT = new Absent();
    ArtifactsClaim OURS = new Ours();
}
