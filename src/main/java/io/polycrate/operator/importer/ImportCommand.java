package io.polycrate.operator.importer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.polycrate.operator.json.Json;

/**
 * {@code kubectl polycrate import DIR [-n NAMESPACE] [--name NAME] [--artifacts SIZE|none]}: a Polycrate workspace
 * directory as manifests on stdout, for {@code kubectl apply -f -} or a GitOps repository. Notes on what could not
 * come over go to stderr, one line each; with errors nothing is printed to stdout and the exit code is 1 (2 for a
 * wrong command line). A plain main class: no Quarkus, no cluster.
 */
public final class ImportCommand {
    static final int EXIT_ERROR = 1;
    static final int EXIT_USAGE = 2;
    static final String USAGE = """
            Usage: kubectl polycrate import DIR [-n NAMESPACE] [--name NAME] [--artifacts SIZE|none]
            Prints the Workspace and the ConfigMaps of its block directories that the Polycrate workspace in DIR
            (workspace.poly, blocks/**/block.poly and each block's files) becomes, for kubectl apply -f - or Git.
            What cannot come over is said on stderr, one line each; secrets never leave DIR (stderr says which
            Secrets to create).
              -n, --namespace NAMESPACE  set metadata.namespace on every object (default: none, kubectl's)
              --name NAME                the Workspace's name (default: workspace.poly's name)
              --artifacts SIZE|none      the size of the artifacts volume each run gets (default: 1Gi); none: no
                                         volume (steps then cannot hand files to later steps)
            Exit codes: 0 imported, 1 the workspace has errors (each on stderr, naming the file and key), 2 wrong
            command line.""";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    private ImportCommand() {
    }

    public static void main(String[] args) {
        // the libraries log through SLF4J; a command line tool says only what it means to
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String directory = null;
        String namespace = null;
        String name = null;
        String artifacts = WorkspaceImport.Options.DEFAULT_ARTIFACTS_SIZE;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                value = arg.substring(equals + 1);
                arg = arg.substring(0, equals);
            }
            switch (arg) {
                case "-h", "--help", "help" -> {
                    out.println(USAGE);
                    return 0;
                }
                case "-n", "--namespace", "--name", "--artifacts" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            return usage(err, arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--name" -> name = value;
                        case "--artifacts" -> artifacts = value.equals("none") ? null : value;
                        default -> namespace = value;
                    }
                }
                default -> {
                    if (arg.startsWith("-")) {
                        return usage(err, "unknown flag " + arg);
                    }
                    if (directory != null) {
                        return usage(err, "one directory only (got " + directory + " and " + arg + ")");
                    }
                    directory = arg;
                }
            }
        }
        if (directory == null) {
            return usage(err, "DIR is missing: the directory with workspace.poly");
        }
        if (artifacts != null && !artifacts.matches("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")) {
            return usage(err, "--artifacts '" + artifacts + "' is not a size (e.g. 1Gi) or none");
        }
        Path path = Path.of(directory);
        if (!Files.isDirectory(path)) {
            err.println("error: " + directory + " is not a directory");
            return EXIT_ERROR;
        }
        WorkspaceImport.Result result = WorkspaceImport.run(path,
                new WorkspaceImport.Options(namespace, name, artifacts));
        result.notes().forEach(note -> err.println("note: " + note));
        if (!result.errors().isEmpty()) {
            result.errors().forEach(error -> err.println("error: " + error));
            err.println("error: " + result.errors().size() + " problem" + (result.errors().size() == 1 ? "" : "s")
                    + " in " + directory + ": nothing imported");
            return EXIT_ERROR;
        }
        out.print(yaml(result));
        out.flush();
        return 0;
    }

    /** The objects as one YAML stream, each document starting with ---. */
    static String yaml(WorkspaceImport.Result result) {
        StringBuilder yaml = new StringBuilder();
        for (HasMetadata object : result.objects()) {
            try {
                yaml.append(YAML.writeValueAsString(Json.SERIALIZATION.convertValue(object, Map.class)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return yaml.toString();
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.println(USAGE);
        return EXIT_USAGE;
    }
}
