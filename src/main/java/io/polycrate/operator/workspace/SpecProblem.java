package io.polycrate.operator.workspace;

/** One thing wrong with a spec: where (a path like {@code workflows[0].steps[2].block}) and what. */
public record SpecProblem(String path, String message) {
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
