package io.polycrate.operator.job;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.polycrate.operator.workflow.PlannedStep;
import io.polycrate.operator.workflow.StepEnvironment;
import io.polycrate.operator.workspace.ActionTemplates;
import io.polycrate.operator.workspace.CredentialCandidate;
import io.polycrate.operator.workspace.CredentialSources.Kind;

/**
 * The small POSIX sh program a step's container runs (its command, so {@code kubectl describe} shows it): it enters
 * the block's directory if there is one, sets KUBECONFIG and ANSIBLE_INVENTORY from the first candidate that exists when the step
 * starts, runs the step's script (or playbook) with bash -euo pipefail, or sh -eu where the image has no bash, passes
 * SIGTERM on, and reports which shell ran: a line added to the termination message when the step succeeds, a line of
 * output (the kubelet takes the output's tail as the termination message) when it fails. Pure code.
 */
public final class StepRunner {
    /** Where a step finds a kubeconfig or inventory Secret's file: /etc/polycrate/kubeconfig/kubeconfig.yml. */
    public static final String SECRETS_ROOT = "/etc/polycrate";
    private static final String TERMINATION_LOG = "/dev/termination-log";
    /** The runner's report, a printf format for the shell (and the exit code). */
    private static final String REPORT = "polycrate: the step ran under %s";
    private static final Pattern REPORTED = Pattern.compile(
            "^polycrate: the step ran under (bash|sh) (?:-euo pipefail|-eu)(?: and exited with code \\d+)?$\\n?",
            Pattern.MULTILINE);

    /** What the runner reported, and the output or termination message without its report. */
    public record Report(String shell, String message) {
    }

    private StepRunner() {
    }

    /** Where the Secret candidate of {@code kind} is mounted. */
    public static String secretDirectory(Kind kind) {
        return SECRETS_ROOT + "/" + kind.field();
    }

    /** The runner of {@code step}, which enters the block's directory where there is one. */
    public static String script(PlannedStep step) {
        return script(step, true);
    }

    /**
     * The runner of {@code step}; {@code enterBlockDirectory} false where the workspace chose the container's working
     * directory itself (podTemplate.container.workingDir).
     */
    public static String script(PlannedStep step, boolean enterBlockDirectory) {
        StringBuilder sh = new StringBuilder();
        sh.append("# polycrate step runner: the block's directory, KUBECONFIG and ANSIBLE_INVENTORY, then the step\n");
        String directory = ActionTemplates.blockDirectory(step.block());
        if (enterBlockDirectory) {
            // where the block has no directory, the step stays in the container's (the image's) working directory
            sh.append("if cd ").append(quote(directory)).append(" 2>/dev/null; then export POLYCRATE_BLOCK_WORKDIR=")
                    .append(quote(directory)).append("; fi\n");
        }
        candidates(sh, Kind.KUBECONFIG, step.kubeconfig());
        candidates(sh, Kind.INVENTORY, step.inventory());
        sh.append("if command -v bash >/dev/null 2>&1; then shell='bash -euo pipefail'; set -- bash -euo pipefail; ")
                .append("else shell='sh -eu'; set -- /bin/sh -eu; fi\n");
        if (step.script() != null) {
            sh.append("\"$@\" ").append(StepEnvironment.SCRIPT_PATH).append(" &\n");
        } else {
            // the playbook as Polycrate writes it into its script: unquoted, so it may carry ansible-playbook options
            sh.append("\"$@\" -c ").append(quote("ansible-playbook -e @" + StepEnvironment.SNAPSHOT_PATH + " "
                    + step.playbook())).append(" &\n");
        }
        sh.append("child=$!\n");
        sh.append("trap 'kill -TERM \"$child\" 2>/dev/null' TERM INT\n");
        sh.append("wait \"$child\"; code=$?\n");
        sh.append("while kill -0 \"$child\" 2>/dev/null; do wait \"$child\"; code=$?; done\n");
        String report = REPORT;
        sh.append("if [ \"$code\" -eq 0 ]; then\n");
        sh.append("  { printf '").append(report).append("\\n' \"$shell\" >>").append(TERMINATION_LOG)
                .append("; } 2>/dev/null || :\n");
        sh.append("else\n");
        sh.append("  [ -s ").append(TERMINATION_LOG).append(" ] && { printf '").append(report)
                .append(" and exited with code %s\\n' \"$shell\" \"$code\" >>").append(TERMINATION_LOG)
                .append("; } 2>/dev/null\n");
        sh.append("  printf '").append(report).append(" and exited with code %s\\n' \"$shell\" \"$code\" >&2\n");
        sh.append("fi\n");
        sh.append("exit \"$code\"\n");
        return sh.toString();
    }

    /** The first candidate that exists becomes the variable; a configured Secret that is missing fails the step. */
    private static void candidates(StringBuilder sh, Kind kind, List<CredentialCandidate> candidates) {
        if (candidates == null || candidates.isEmpty()) {
            return;
        }
        String keyword = "if";
        for (CredentialCandidate candidate : candidates) {
            String file = candidate.isSecret() ? secretDirectory(kind) + "/" + kind.fileName()
                    : ActionTemplates.artifactsDirectory(candidate.artifactBlock()) + "/" + kind.fileName();
            sh.append(keyword).append(" [ -f ").append(quote(file)).append(" ]; then export ").append(kind.variable())
                    .append('=').append(quote(file)).append('\n');
            keyword = "elif";
            if (candidate.isSecret()) {
                sh.append("else printf '%s\\n' ").append(quote("polycrate: " + kind.variable() + ": the Secret \""
                        + candidate.secretName() + "\" does not exist or has no key \"" + candidate.secretKey()
                        + "\"")).append(" >&2; exit 1\n");
            }
        }
        sh.append("fi\n");
    }

    /**
     * Reads the runner's report off a termination message (or output tail): its last report line, wherever it is
     * (stdout and stderr reach the container's log through two pipes, so the report, written last, may be logged
     * before the script's last lines); {@code shell} null if there is none.
     */
    public static Report read(String message) {
        if (message == null) {
            return new Report(null, null);
        }
        Matcher matcher = REPORTED.matcher(message);
        int start = -1;
        int end = -1;
        String shell = null;
        while (matcher.find()) {
            start = matcher.start();
            end = matcher.end();
            shell = matcher.group(1);
        }
        if (shell == null) {
            return new Report(null, message);
        }
        String rest = message.substring(0, start) + message.substring(end);
        return new Report(shell, rest.endsWith("\n") ? rest.substring(0, rest.length() - 1) : rest);
    }

    /** {@code text} as one sh word. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
