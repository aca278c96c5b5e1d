package io.polycrate.operator.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.polycrate.operator.api.v1alpha1.Action;
import io.polycrate.operator.api.v1alpha1.Artifacts;
import io.polycrate.operator.api.v1alpha1.Block;
import io.polycrate.operator.api.v1alpha1.BlockFiles;
import io.polycrate.operator.api.v1alpha1.ConfigMapRef;
import io.polycrate.operator.api.v1alpha1.CredentialSource;
import io.polycrate.operator.api.v1alpha1.EventWebhook;
import io.polycrate.operator.api.v1alpha1.Names;
import io.polycrate.operator.api.v1alpha1.PodTemplateOverride;
import io.polycrate.operator.api.v1alpha1.Prompt;
import io.polycrate.operator.api.v1alpha1.Step;
import io.polycrate.operator.api.v1alpha1.Workflow;
import io.polycrate.operator.api.v1alpha1.Workspace;
import io.polycrate.operator.api.v1alpha1.WorkspaceEvents;
import io.polycrate.operator.api.v1alpha1.WorkspaceSpec;
import io.polycrate.operator.importer.PolyWorkspace.Credential;
import io.polycrate.operator.json.Json;
import io.polycrate.operator.workspace.ConfigMerge;
import io.polycrate.operator.workspace.SchemaLimits;
import io.polycrate.operator.workspace.SpecProblem;
import io.polycrate.operator.workspace.WorkspaceValidator;

/**
 * Turns a Polycrate workspace directory into a Workspace and the ConfigMaps of its block directories, reading
 * Polycrate's files as Polycrate does and saying, one note each, what cannot come over. The result is validated by
 * the operator's own {@link WorkspaceValidator} and the CRD's limits; any problem is an error naming the Polycrate
 * file and key, and then nothing is produced. Pure code apart from reading the directory.
 */
public final class WorkspaceImport {
    static final String WORKSPACE_FILE = "workspace.poly";
    static final String DEFAULT_REGISTRY = "cargo.ayedo.cloud";
    static final String ORIGINAL_NAMES_ANNOTATION = "polycrate.io/original-names";
    static final String IMPORTED_FROM_ANNOTATION = "polycrate.io/imported-from";
    static final String DESCRIPTION_ANNOTATION = "polycrate.io/description";
    private static final ObjectMapper YAML = new YAMLMapper();

    /** What the command line asks for: a namespace, a name instead of workspace.poly's, the artifacts volume size. */
    public record Options(String namespace, String name, String artifactsSize) {
        public static final String DEFAULT_ARTIFACTS_SIZE = "1Gi";

        public static Options defaults() {
            return new Options(null, null, DEFAULT_ARTIFACTS_SIZE);
        }
    }

    /** The objects to apply (ConfigMaps, then the Workspace), the notes, and the errors (then no objects). */
    public record Result(List<HasMetadata> objects, List<ImportMessage> notes, List<ImportMessage> errors) {
    }

    private final Path root;
    private final Options options;
    private final ImportReport report = new ImportReport();
    /** Where each part of the output came from: a spec path prefix, and the Polycrate file and key. */
    private final Map<String, ImportMessage> origins = new LinkedHashMap<>();
    /** The blocks of a from cycle already reported: a cycle is one error, not one per block in it. */
    private final Set<String> inCycles = new HashSet<>();

    private WorkspaceImport(Path root, Options options) {
        this.root = root;
        this.options = options;
    }

    public static Result run(Path directory, Options options) {
        WorkspaceImport importer = new WorkspaceImport(directory, options);
        List<HasMetadata> objects = importer.convert();
        ImportReport report = importer.report;
        return new Result(report.hasErrors() ? List.of() : objects, report.notes(), report.errors());
    }

    private List<HasMetadata> convert() {
        Path workspaceFile = root.resolve(WORKSPACE_FILE);
        if (!Files.isRegularFile(workspaceFile)) {
            report.error(WORKSPACE_FILE, "", "not found (a Polycrate workspace directory has one)");
            return List.of();
        }
        Object parsed = parse(workspaceFile, WORKSPACE_FILE);
        if (parsed == null) {
            return List.of();
        }
        if (!(parsed instanceof Map<?, ?>)) {
            report.error(WORKSPACE_FILE, "", "must be a mapping, not " + PolyNode.kind(parsed));
            return List.of();
        }
        PolyNode workspace = new PolyNode(PolyNode.stringKeys(PolyWorkspace.lowerKeys(parsed, true)), WORKSPACE_FILE,
                "", false, report);
        workspace.checkKeys(PolyWorkspace.WORKSPACE_KEYS);
        PolyNode config = workspace.node("config");
        if (config != null) {
            config.checkKeys(PolyWorkspace.CONFIG_KEYS);
        }
        String blocksRoot = setting(config, "blocksroot", "blocks");
        String blocksConfig = setting(config, "blocksconfig", "block.poly");
        String artifactsRoot = setting(config, "artifactsroot", "artifacts");

        List<PolyWorkspace.Block> blocks = loadBlocks(workspace, blocksRoot, blocksConfig);
        List<PolyWorkspace.Workflow> workflows = new ArrayList<>();
        workspace.nodes("workflows").forEach(node -> workflows.add(PolyWorkspace.Workflow.read(node)));

        String name = workspaceName(workspace);
        if (name == null) {
            return List.of();
        }
        Names names = new Names();
        names.map(blocks, workflows);

        Map<String, Resolved> resolved = resolveInheritance(blocks, blocksConfig);
        if (report.hasErrors()) {
            return List.of();
        }
        SchemaCheck.check(root, blocks, resolved, report);

        WorkspaceSpec spec = new WorkspaceSpec();
        List<HasMetadata> objects = new ArrayList<>();
        workspaceSettings(workspace, config, spec, name);
        Set<Path> blockDirectories = new HashSet<>();
        blocks.forEach(b -> {
            if (b.directory != null) {
                blockDirectories.add(root.resolve(b.directory));
            }
        });
        List<Block> outputBlocks = new ArrayList<>();
        for (PolyWorkspace.Block block : blocks) {
            outputBlocks.add(block(block, resolved, names, name, artifactsRoot, blocksConfig, blockDirectories, spec,
                    objects));
        }
        spec.setBlocks(outputBlocks.isEmpty() ? null : outputBlocks);
        List<Workflow> outputWorkflows = new ArrayList<>();
        for (PolyWorkspace.Workflow workflow : workflows) {
            outputWorkflows.add(workflow(workflow, outputWorkflows.size(), names));
        }
        spec.setWorkflows(outputWorkflows.isEmpty() ? null : outputWorkflows);
        if (!workspace.has("workflows")) {
            report.note(WORKSPACE_FILE, "workflows", "none: the Workspace has only block actions to run");
        }

        Workspace resource = new Workspace();
        resource.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(options.namespace())
                .withAnnotations(annotations(workspace, names)).build());
        resource.setSpec(spec);
        resource.setStatus(null);
        validate(name, spec);
        objects.add(resource);
        return objects;
    }

    // --- reading -----------------------------------------------------------------------------------------------

    private Object parse(Path file, String relative) {
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                return Map.of();
            }
            return YAML.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            String location = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr();
            report.error(relative, location, "is not valid YAML: " + e.getOriginalMessage());
            return null;
        } catch (IOException e) {
            report.error(relative, "", "cannot be read: " + e.getMessage());
            return null;
        }
    }

    private static String setting(PolyNode config, String key, String fallback) {
        String value = config == null ? null : config.string(key);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /**
     * The blocks of workspace.poly, then those found in blocks/**&#47;block.poly in directory order: a block.poly
     * block of a name workspace.poly has fills that block's gaps (workspace.poly wins field by field), as
     * Workspace.LoadInstalledBlocks does.
     */
    private List<PolyWorkspace.Block> loadBlocks(PolyNode workspace, String blocksRoot, String blocksConfig) {
        List<PolyWorkspace.Block> blocks = new ArrayList<>();
        for (PolyNode node : workspace.nodes("blocks")) {
            PolyWorkspace.Block block = PolyWorkspace.Block.read(node);
            if (block.name == null || block.name.isEmpty()) {
                report.error(WORKSPACE_FILE, node.key("name"), "missing: every block has a name");
                continue;
            }
            blocks.add(block);
        }
        Path blocksDirectory = root.resolve(blocksRoot);
        if (!Files.isDirectory(blocksDirectory)) {
            return blocks;
        }
        List<Path> blockFiles;
        try (Stream<Path> walk = Files.walk(blocksDirectory)) {
            blockFiles = walk.filter(p -> p.getFileName().toString().equals(blocksConfig) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : blockFiles) {
            String relative = root.relativize(file).toString().replace('\\', '/');
            Object parsed = parse(file, relative);
            if (parsed == null) {
                continue;
            }
            if (!(parsed instanceof Map<?, ?>)) {
                report.error(relative, "", "must be a mapping, not " + PolyNode.kind(parsed));
                continue;
            }
            PolyWorkspace.Block installed = PolyWorkspace.Block.read(
                    new PolyNode(PolyNode.stringKeys(parsed), relative, "", true, report));
            if (installed.name == null || installed.name.isEmpty()) {
                report.error(relative, "name", "missing: every block has a name");
                continue;
            }
            installed.directory = root.relativize(file.getParent());
            PolyWorkspace.Block existing = find(blocks, installed.name);
            if (existing == null) {
                blocks.add(installed);
                continue;
            }
            for (String action : existing.mergeIn(installed)) {
                report.note(existing.file(), existing.key + ".actions[" + action + "]", "merged field by field with "
                        + "the action of the same name in " + relative + " (Polycrate's merge), written out whole");
            }
            if (existing.directory == null) {
                existing.directory = installed.directory;
            }
        }
        return blocks;
    }

    private static PolyWorkspace.Block find(List<PolyWorkspace.Block> blocks, String name) {
        return blocks.stream().filter(b -> b.name.equals(name)).findFirst().orElse(null);
    }

    private String workspaceName(PolyNode workspace) {
        String original = options.name() != null ? options.name() : workspace.string("name");
        String source = options.name() != null ? "--name" : "name";
        if (original == null || original.isEmpty()) {
            original = root.toAbsolutePath().normalize().getFileName().toString();
            report.note(WORKSPACE_FILE, "name", "missing: the Workspace is named after the directory");
        }
        String name = NameMapping.label(original);
        if (name == null) {
            report.error(options.name() != null ? "--name" : WORKSPACE_FILE, options.name() != null ? "" : source,
                    "'" + original + "' cannot be made a Kubernetes name (a DNS-1123 label of at most 63 characters)");
            return null;
        }
        if (!name.equals(original)) {
            report.note(WORKSPACE_FILE, "name", "'" + original + "' is not a DNS-1123 label: the Workspace is named '"
                    + name + "'");
        }
        return name;
    }

    // --- inheritance ---------------------------------------------------------------------------------------------

    /** A block as Polycrate resolves it: its parent merged in; a registry parent's image. */
    record Resolved(PolyWorkspace.Block merged, PolyWorkspace.Block parent, String registryImage,
            Path filesDirectory) {
    }

    private Map<String, Resolved> resolveInheritance(List<PolyWorkspace.Block> blocks, String blocksConfig) {
        Map<String, Resolved> resolved = new LinkedHashMap<>();
        for (PolyWorkspace.Block block : blocks) {
            resolve(block, blocks, resolved, new ArrayList<>(), blocksConfig);
        }
        return resolved;
    }

    private Resolved resolve(PolyWorkspace.Block block, List<PolyWorkspace.Block> blocks,
            Map<String, Resolved> resolved, List<String> chain, String blocksConfig) {
        if (resolved.containsKey(block.name)) {
            return resolved.get(block.name);
        }
        if (chain.contains(block.name)) {
            List<String> cycle = new ArrayList<>(chain.subList(chain.indexOf(block.name), chain.size()));
            cycle.add(block.name);
            if (!inCycles.addAll(cycle)) {
                return null;
            }
            report.error(block.file(), block.key + ".from", "'" + String.join("' -> '", cycle) + "' is a cycle "
                    + "(Polycrate would never finish resolving it)");
            return null;
        }
        Resolved result;
        if (block.from == null || block.from.isEmpty()) {
            result = new Resolved(block.copy(), null, null, block.directory);
        } else {
            String[] nameAndVersion = nameAndVersion(block.from);
            String parentName = nameAndVersion[0];
            String version = nameAndVersion[1];
            PolyWorkspace.Block parent = find(blocks, parentName);
            if (parent != null && version != null && !version.equals(parent.version)) {
                report.error(block.file(), block.key + ".from", "'" + block.from + "' asks for version '" + version
                        + "' of block '" + parentName + "', but the workspace has "
                        + (parent.version == null ? "no version" : "version '" + parent.version + "'")
                        + " of it");
                return null;
            }
            if (parent != null) {
                chain.add(block.name);
                Resolved parentResolved = resolve(parent, blocks, resolved, chain, blocksConfig);
                chain.remove(chain.size() - 1);
                if (parentResolved == null) {
                    return null;
                }
                PolyWorkspace.Block merged = block.copy();
                merged.mergeIn(parentResolved.merged());
                result = new Resolved(merged, parent, parentResolved.registryImage(),
                        parentResolved.filesDirectory());
                noteIgnoredDirectory(block, parent.name, blocksConfig);
            } else if (block.from.contains("/") || version != null) {
                String image = registryImage(block.from);
                result = new Resolved(block.copy(), null, image, null);
                report.note(block.file(), block.key + ".from", "'" + block.from + "' is a registry block: its files "
                        + "come from the image " + image + " (files.image); its block.poly is not read at import "
                        + "time, so the actions and config the workspace uses must be written here");
                noteIgnoredDirectory(block, block.from, blocksConfig);
            } else {
                report.error(block.file(), block.key + ".from", "'" + block.from + "' is neither a block of this "
                        + "workspace nor a registry block ([registry/]name[:version])");
                return null;
            }
        }
        resolved.put(block.name, result);
        return result;
    }

    /** A block with a parent runs in its parent's directory, in Polycrate as here: its own files are not used. */
    private void noteIgnoredDirectory(PolyWorkspace.Block block, String parent, String blocksConfig) {
        if (block.directory == null) {
            return;
        }
        try (Stream<Path> files = Files.list(root.resolve(block.directory))) {
            if (files.anyMatch(f -> !f.getFileName().toString().equals(blocksConfig))) {
                report.note(block.directory.toString().replace('\\', '/'), "", "not imported: block '" + block.name
                        + "' runs in the directory of '" + parent + "' (from), as in Polycrate");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code [registry/]name[:version]} split at the version's ':' (a registry's port is not a version). */
    static String[] nameAndVersion(String reference) {
        int colon = reference.lastIndexOf(':');
        if (colon < 0 || colon < reference.lastIndexOf('/')) {
            return new String[] {reference, null};
        }
        return new String[] {reference.substring(0, colon), reference.substring(colon + 1)};
    }

    /** The image of a registry block, as Polycrate pulls it: the default registry if none, latest if no version. */
    static String registryImage(String reference) {
        String[] nameAndVersion = nameAndVersion(reference);
        String name = nameAndVersion[0];
        String version = nameAndVersion[1] == null || nameAndVersion[1].isEmpty() ? "latest" : nameAndVersion[1];
        String first = name.contains("/") ? name.substring(0, name.indexOf('/')) : "";
        boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
        return (hasRegistry ? name : DEFAULT_REGISTRY + "/" + name) + ":" + version;
    }

    // --- the workspace -----------------------------------------------------------------------------------------

    private void workspaceSettings(PolyNode workspace, PolyNode config, WorkspaceSpec spec, String name) {
        PolyNode image = config == null ? null : config.node("image");
        if (image != null) {
            image.checkKeys(Set.of("reference", "version"));
            String reference = image.string("reference");
            String version = image.string("version");
            if (reference != null && !reference.isEmpty()) {
                spec.setImage(version == null || version.isEmpty() ? reference : reference + ":" + version);
            }
        }
        if (spec.getImage() == null) {
            report.note(WORKSPACE_FILE, "config.image", "not set: steps run the operator's default image, not "
                    + "Polycrate's (ghcr.io/polycrate/polycrate)");
        }
        Map<String, Object> globals = config == null ? null : config.freeForm("globals");
        if (globals != null && !globals.isEmpty()) {
            spec.setConfig(Map.of("globals", globals));
        }
        if (config != null) {
            for (String key : List.of("logsroot", "workspaceconfig", "workflowsroot", "containerroot", "remoteroot")) {
                if (config.has(key)) {
                    report.note(WORKSPACE_FILE, "config." + key, "not imported: the operator lays out /workspace "
                            + "itself");
                }
            }
        }
        List<EnvVar> env = new ArrayList<>();
        List<String> extraEnv = workspace.strings("extraenv");
        for (int i = 0; i < extraEnv.size(); i++) {
            String entry = extraEnv.get(i);
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                report.error(WORKSPACE_FILE, "extraenv[" + i + "]", "'" + entry + "' is not KEY=value");
                continue;
            }
            origins.put("env[" + env.size() + "]", new ImportMessage(WORKSPACE_FILE, "extraenv[" + i + "]", ""));
            env.add(new EnvVar(entry.substring(0, equals), entry.substring(equals + 1), null));
        }
        spec.setEnv(env.isEmpty() ? null : env);
        events(workspace, spec);
        secrets(workspace, config, spec, name);
        List<String> mounts = workspace.strings("extramounts");
        for (int i = 0; i < mounts.size(); i++) {
            report.note(WORKSPACE_FILE, "extramounts[" + i + "]", "'" + mounts.get(i) + "' not imported: a host path "
                    + "of the machine running Polycrate; give steps a volume with spec.podTemplate (volumes, "
                    + "container.volumeMounts)");
        }
        if (workspace.has("sync")) {
            report.note(WORKSPACE_FILE, "sync", "not imported: the Workspace is synced by applying it (GitOps)");
        }
        String dockerfile = setting(config, "dockerfile", "Dockerfile.poly");
        if (Files.isRegularFile(root.resolve(dockerfile))) {
            report.note(dockerfile, "", "not imported: Polycrate builds the action image from it; build and push "
                    + "that image and set config.image (spec.image)");
        }
        report.note(WORKSPACE_FILE, "", "the docker socket Polycrate mounts into actions is not there: steps that "
                + "run docker need a builder of their own");
        report.note(WORKSPACE_FILE, "", "Polycrate runs actions with host networking: steps run in the pod network");
        if (options.artifactsSize() != null) {
            Artifacts artifacts = new Artifacts();
            artifacts.setVolumeClaimTemplate(new PersistentVolumeClaimSpecBuilder().withAccessModes("ReadWriteOnce")
                    .withNewResources().addToRequests("storage", new Quantity(options.artifactsSize())).endResources()
                    .build());
            spec.setArtifacts(artifacts);
        }
    }

    private void events(PolyNode workspace, WorkspaceSpec spec) {
        PolyNode events = workspace.node("events");
        if (events == null) {
            return;
        }
        events.checkKeys(Set.of("handler", "endpoint", "commit"));
        String handler = events.string("handler");
        String endpoint = events.string("endpoint");
        if ("webhook".equals(handler) && endpoint != null && !endpoint.isEmpty()) {
            EventWebhook webhook = new EventWebhook();
            webhook.setUrl(endpoint);
            WorkspaceEvents workspaceEvents = new WorkspaceEvents();
            workspaceEvents.setWebhook(webhook);
            spec.setEvents(workspaceEvents);
        } else if (handler != null && !handler.isEmpty()) {
            report.note(WORKSPACE_FILE, "events.handler", "'" + handler + "' not imported: the operator records "
                    + "transactions as Kubernetes Events and in the run's status (events.handler: webhook with an "
                    + "endpoint is imported)");
        }
        if (events.bool("commit")) {
            report.note(WORKSPACE_FILE, "events.commit", "not imported: the operator commits nothing to Git");
        }
    }

    /** Secret material: Secret references and a note of which Secret to create, never a value. */
    private void secrets(PolyNode workspace, PolyNode config, WorkspaceSpec spec, String name) {
        PolyNode kubeconfig = workspace.node("kubeconfig");
        String kubeconfigFile = kubeconfig == null ? null : kubeconfig.string("filename");
        String artifactsRoot = setting(config, "artifactsroot", "artifacts");
        String kubeconfigPath = kubeconfigFile != null && !kubeconfigFile.isEmpty() ? kubeconfigFile
                : artifactsRoot + "/blocks/k8s/kubeconfig.yml";
        if (Files.isRegularFile(root.resolve(kubeconfigPath))) {
            String secret = name + "-kubeconfig";
            spec.setKubeconfig(CredentialSource.secret(secret, "kubeconfig.yml"));
            createSecretNote(kubeconfigPath, "kubeconfig", secret, "kubeconfig.yml");
        }
        PolyNode inventory = workspace.node("inventory");
        String inventoryFile = inventory == null ? null : inventory.string("filename");
        String inventoryPath = inventoryFile != null && !inventoryFile.isEmpty() ? inventoryFile : "inventory.yml";
        if (Files.isRegularFile(root.resolve(inventoryPath))) {
            String secret = name + "-inventory";
            spec.setInventory(CredentialSource.secret(secret, "inventory.yml"));
            createSecretNote(inventoryPath, "inventory", secret, "inventory.yml");
        }
        PodTemplateOverride podTemplate = new PodTemplateOverride();
        Map<String, Object> podSpec = new LinkedHashMap<>();
        Map<String, Object> container = new LinkedHashMap<>();
        PolyNode registry = workspace.node("registry");
        if (registry != null) {
            registry.checkKeys(Set.of("endpoint", "username", "password"));
            if (registry.has("password")) {
                String secret = name + "-registry";
                podSpec.put("imagePullSecrets", List.of(ordered("name", secret)));
                String endpoint = Objects.requireNonNullElse(registry.string("endpoint"), DEFAULT_REGISTRY);
                report.note(WORKSPACE_FILE, "registry.password", "not imported (secret): create the image pull "
                        + "Secret the steps use: kubectl create secret docker-registry " + secret
                        + " --docker-server=" + endpoint + " --docker-username="
                        + Objects.requireNonNullElse(registry.string("username"), "USER")
                        + " --docker-password=PASSWORD");
            }
        }
        String privateKey = setting(config, "sshprivatekey", "id_rsa");
        String publicKey = setting(config, "sshpublickey", "id_rsa.pub");
        if (Files.isRegularFile(root.resolve(privateKey))) {
            String secret = name + "-ssh";
            Map<String, Object> secretVolume = new LinkedHashMap<>();
            secretVolume.put("secretName", secret);
            secretVolume.put("defaultMode", 0400);
            podSpec.put("volumes", List.of(ordered("name", "polycrate-ssh", "secret", secretVolume)));
            container.put("volumeMounts", List.of(ordered("name", "polycrate-ssh", "mountPath", "/workspace/.ssh",
                    "readOnly", true)));
            String keyFile = "/workspace/.ssh/" + key(privateKey);
            container.put("env", List.of(ordered("name", "ANSIBLE_PRIVATE_KEY_FILE", "value", keyFile),
                    ordered("name", "ANSIBLE_SSH_PRIVATE_KEY_FILE", "value", keyFile)));
            String files = " --from-file=" + key(privateKey) + "=" + fromHere(privateKey)
                    + (Files.isRegularFile(root.resolve(publicKey)) ? " --from-file=" + key(publicKey) + "="
                            + fromHere(publicKey) : "");
            report.note(privateKey, "", "not imported (secret): mounted from Secret " + secret + " at /workspace/.ssh "
                    + "(ANSIBLE_PRIVATE_KEY_FILE); create it: kubectl create secret generic " + secret + files);
        }
        if (!podSpec.isEmpty() || !container.isEmpty()) {
            podTemplate.setSpec(podSpec.isEmpty() ? null : podSpec);
            podTemplate.setContainer(container.isEmpty() ? null : container);
            spec.setPodTemplate(podTemplate);
        }
    }

    /** A mapping with its keys in the order given: the output is the same on every run. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String key(String path) {
        return Path.of(path).getFileName().toString();
    }

    private void createSecretNote(String path, String what, String secret, String key) {
        report.note(path, "", "not imported (secret): the " + what + " comes from Secret " + secret + "; create it: "
                + "kubectl create secret generic " + secret + " --from-file=" + key + "=" + fromHere(path));
    }

    /** A path of the workspace as the command line reached it: a command in a note works where it was run. */
    private String fromHere(String path) {
        return root.resolve(path).normalize().toString().replace('\\', '/');
    }

    private Map<String, String> annotations(PolyNode workspace, Names names) {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(IMPORTED_FROM_ANNOTATION, WORKSPACE_FILE);
        String description = workspace.string("description");
        if (description != null && !description.isEmpty()) {
            annotations.put(DESCRIPTION_ANNOTATION, description);
        }
        if (!names.original.isEmpty()) {
            annotations.put(ORIGINAL_NAMES_ANNOTATION, Json.SERIALIZATION.asJson(names.original));
        }
        for (String key : List.of("labels", "alias", "organization", "identifier", "dependencies", "meta",
                "version")) {
            if (workspace.has(key)) {
                report.note(WORKSPACE_FILE, key, "not imported: Polycrate metadata with no counterpart here");
            }
        }
        return annotations;
    }

    // --- blocks ------------------------------------------------------------------------------------------------

    private Block block(PolyWorkspace.Block block, Map<String, Resolved> resolved, Names names, String workspace,
            String artifactsRoot, String blocksConfig, Set<Path> blockDirectories, WorkspaceSpec spec,
            List<HasMetadata> objects) {
        Resolved resolution = resolved.get(block.name);
        int index = names.blockIndex(block.name);
        String path = "blocks[" + index + "]";
        origins.put(path, new ImportMessage(block.file(), block.key, ""));
        Block out = new Block();
        out.setName(names.block(block.name));
        if (resolution.parent() != null) {
            out.setFrom(names.block(resolution.parent().name));
        }
        if (resolution.parent() == null && resolution.registryImage() != null) {
            BlockFiles files = new BlockFiles();
            files.setImage(resolution.registryImage());
            out.setFiles(files);
        } else if (resolution.parent() == null && block.directory != null) {
            out.setFiles(configMap(block, out.getName(), workspace, blockDirectories, blocksConfig, objects));
        }
        out.setConfig(config(block, resolution, resolved));
        List<Action> actions = new ArrayList<>();
        for (PolyWorkspace.Action own : block.actions) {
            PolyWorkspace.Action action = own.copy();
            PolyWorkspace.Action inherited = resolution.parent() == null ? null
                    : resolved.get(resolution.parent().name).merged().action(action.name);
            if (inherited != null && action.mergeIn(inherited)) {
                report.note(action.file, action.key, "merged field by field with the action of the same name of '"
                        + resolution.parent().name + "' (from), written out whole");
            }
            origins.put(path + ".actions[" + actions.size() + "]", new ImportMessage(action.file, action.key, ""));
            actions.add(action(action, names, block.name));
        }
        out.setActions(actions.isEmpty() ? null : actions);
        if (resolution.parent() != null) {
            List<String> inherited = resolved.get(resolution.parent().name).merged().actions.stream()
                    .map(a -> a.name).filter(a -> block.action(a) == null).toList();
            if (!inherited.isEmpty()) {
                report.note(block.file(), block.key + ".actions", "does not name the actions it inherits from '"
                        + resolution.parent().name + "' (" + String.join(", ", inherited) + "): here each block "
                        + "runs its own copy; in Polycrate the blocks share them, and the parent's may then run with "
                        + "this block's config (name them in the block to be sure)");
            }
        }
        out.setKubeconfig(credential(block, block.kubeconfig, "kubeconfig", "kubeconfig.yml", workspace,
                artifactsRoot, names, out.getName()));
        out.setInventory(credential(block, block.inventory, "inventory", "inventory.yml", workspace, artifactsRoot,
                names, out.getName()));
        if (out.getKubeconfig() == null && parentHasOwn(block, resolved, "kubeconfig", artifactsRoot)
                && spec.getKubeconfig() != null) {
            // Polycrate: the block's own artifact, else the workspace's, and only then what from copied in
            out.setKubeconfig(spec.getKubeconfig());
            report.note(block.file(), block.key + ".kubeconfig", "none of its own: Polycrate gives it the "
                    + "workspace's kubeconfig, not its parent's; written out so");
        }
        if (out.getInventory() == null && parentHasOwn(block, resolved, "inventory", artifactsRoot)) {
            if (spec.getInventory() != null) {
                out.setInventory(spec.getInventory());
                report.note(block.file(), block.key + ".inventory", "none of its own: Polycrate gives it the "
                        + "workspace's inventory, not its parent's; written out so");
            } else {
                report.note(block.file(), block.key + ".inventory", "none of its own: Polycrate gives it "
                        + "/etc/ansible/hosts, the operator its parent's inventory (through from)");
            }
        }
        return out;
    }

    /**
     * Whether the nearest block up the from chain of {@code block} that says anything about its kubeconfig or
     * inventory has a file of its own in its artifacts (a from stanza, which the block inherits, gives the same in
     * Polycrate and here).
     */
    private boolean parentHasOwn(PolyWorkspace.Block block, Map<String, Resolved> resolved, String what,
            String artifactsRoot) {
        for (PolyWorkspace.Block parent = resolved.get(block.name).parent(); parent != null;
                parent = resolved.get(parent.name).parent()) {
            Credential stanza = what.equals("kubeconfig") ? parent.kubeconfig : parent.inventory;
            String filename = stanza == null || stanza.filename() == null || stanza.filename().isEmpty()
                    ? what + ".yml" : stanza.filename();
            if (Files.isRegularFile(root.resolve(artifactsRoot + "/blocks/" + parent.name + "/" + filename))) {
                return true;
            }
            if (stanza != null && stanza.from() != null && !stanza.from().isEmpty()) {
                return false;
            }
        }
        return false;
    }

    private BlockFiles configMap(PolyWorkspace.Block block, String blockName, String workspace,
            Set<Path> blockDirectories, String blocksConfig, List<HasMetadata> objects) {
        Path directory = root.resolve(block.directory);
        Set<Path> nested = new HashSet<>();
        blockDirectories.forEach(other -> {
            if (!other.equals(directory) && other.startsWith(directory)) {
                nested.add(other);
            }
        });
        BlockDirectoryFiles files = BlockDirectoryFiles.read(directory, nested, blocksConfig);
        String relative = block.directory.toString().replace('\\', '/');
        if (files.items.isEmpty()) {
            return null;
        }
        if (files.size > BlockDirectoryFiles.CONFIG_MAP_LIMIT) {
            report.error(relative, "", "the block's files are " + files.size + " bytes, over a ConfigMap's limit of "
                    + BlockDirectoryFiles.CONFIG_MAP_LIMIT + ": push the block as an image (polycrate block push) "
                    + "and import it as a registry block (from: registry/name:version)");
        }
        String name = workspace + "-" + blockName + "-files";
        ConfigMap configMap = new ConfigMapBuilder()
                .withNewMetadata().withName(name).withNamespace(options.namespace())
                .addToLabels("app.kubernetes.io/part-of", workspace)
                .addToAnnotations("polycrate.io/block-directory", relative)
                .endMetadata()
                .withData(files.data.isEmpty() ? null : files.data)
                .withBinaryData(files.binaryData.isEmpty() ? null : files.binaryData)
                .build();
        objects.add(configMap);
        BlockFiles blockFiles = new BlockFiles();
        ConfigMapRef ref = new ConfigMapRef();
        ref.setName(name);
        blockFiles.setConfigMapRef(ref);
        blockFiles.setItems(files.items.isEmpty() ? null : files.items);
        return blockFiles;
    }

    /**
     * The block's config such that the operator's merge (the child wins) over its parent's gives what Polycrate's
     * merge (the parent fills the child's gaps, zero values too) gives: the block's own config where the two agree,
     * else the merged one, written out whole.
     */
    private Map<String, Object> config(PolyWorkspace.Block block, Resolved resolution,
            Map<String, Resolved> resolved) {
        if (resolution.parent() == null) {
            return block.config == null || block.config.isEmpty() ? null : block.config;
        }
        Map<String, Object> parent = resolved.get(resolution.parent().name).merged().config;
        Map<String, Object> polycrate = resolution.merged().config;
        Map<String, Object> operator = ConfigMerge.deepMerge(parent, block.config);
        if (Objects.equals(normalize(operator), normalize(polycrate))) {
            return block.config == null || block.config.isEmpty() ? null : block.config;
        }
        report.note(block.file(), block.key + ".config", "Polycrate's merge with '" + resolution.parent().name
                + "' fills this block's empty values (false, 0, \"\") from the parent: the merged config is "
                + "written out whole");
        return polycrate;
    }

    private static Map<String, Object> normalize(Map<String, Object> map) {
        return map == null || map.isEmpty() ? Map.of() : map;
    }

    private Action action(PolyWorkspace.Action action, Names names, String block) {
        Action out = new Action();
        out.setName(names.action(block, action.name));
        out.setDescription(blankToNull(action.description));
        out.setScript(action.script.isEmpty() ? null : action.script);
        out.setPlaybook(blankToNull(action.playbook));
        out.setPrompt(action.prompt == null ? null : new Prompt(action.prompt));
        if (action.interactive) {
            report.note(action.file, action.key + ".interactive", "not imported: a step has no terminal; it runs "
                    + "with no input");
        }
        if (action.config != null && !action.config.isEmpty()) {
            report.note(action.file, action.key + ".config", "not imported: an action has no config of its own "
                    + "here; put it in the block's config");
        }
        return out;
    }

    private CredentialSource credential(PolyWorkspace.Block block, Credential stanza, String what,
            String defaultFile, String workspace, String artifactsRoot, Names names, String blockName) {
        String filename = stanza == null || stanza.filename() == null || stanza.filename().isEmpty() ? defaultFile
                : stanza.filename();
        // Block.getKubeconfigPath (and its inventory's): a from stanza first, then the block's artifact
        if (stanza != null && stanza.from() != null && !stanza.from().isEmpty()) {
            String from = names.block(stanza.from());
            if (from == null) {
                report.error(block.file(), block.key + "." + what + ".from", "'" + stanza.from() + "' is not a block "
                        + "of this workspace");
                return null;
            }
            return CredentialSource.fromBlock(from);
        }
        String path = artifactsRoot + "/blocks/" + block.name + "/" + filename;
        if (Files.isRegularFile(root.resolve(path))) {
            String secret = workspace + "-" + blockName + "-" + what;
            createSecretNote(path, what + " of block '" + block.name + "'", secret, defaultFile);
            return CredentialSource.secret(secret, defaultFile);
        }
        return null;
    }

    // --- workflows ---------------------------------------------------------------------------------------------

    private Workflow workflow(PolyWorkspace.Workflow workflow, int index, Names names) {
        String path = "workflows[" + index + "]";
        origins.put(path, new ImportMessage(WORKSPACE_FILE, workflow.key(), ""));
        Workflow out = new Workflow();
        out.setName(names.workflow(workflow.name()));
        out.setDescription(blankToNull(workflow.description()));
        out.setPrompt(workflow.prompt() == null ? null : new Prompt(workflow.prompt()));
        out.setAllowFailure(workflow.allowFailure() ? Boolean.TRUE : null);
        List<Step> steps = new ArrayList<>();
        for (PolyWorkspace.Step step : workflow.steps()) {
            origins.put(path + ".steps[" + steps.size() + "]", new ImportMessage(WORKSPACE_FILE, step.key(), ""));
            Step s = new Step(names.step(workflow.name(), step.name()), names.blockOrSame(step.block()),
                    names.action(step.block(), step.action()));
            s.setPrompt(step.prompt() == null ? null : new Prompt(step.prompt()));
            if (step.hasMetadata()) {
                report.note(WORKSPACE_FILE, step.key(), "description, labels and alias of a step are not imported");
            }
            steps.add(s);
        }
        out.setSteps(steps);
        return out;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    // --- validation --------------------------------------------------------------------------------------------

    /** The operator's validation and the CRD's limits, each problem said where the Polycrate workspace has it. */
    private void validate(String name, WorkspaceSpec spec) {
        // the operator's own words first; the CRD's limits where the validator has nothing to say about a field
        List<SpecProblem> problems = new ArrayList<>(WorkspaceValidator.validate(name, spec));
        Set<String> reported = new HashSet<>();
        problems.forEach(problem -> reported.add(problem.path()));
        for (SpecProblem problem : SchemaLimits.check(spec)) {
            if (!reported.contains(problem.path())) {
                problems.add(problem);
            }
        }
        for (SpecProblem problem : problems) {
            ImportMessage origin = null;
            String prefix = "";
            for (Map.Entry<String, ImportMessage> entry : origins.entrySet()) {
                String candidate = entry.getKey();
                if ((problem.path().equals(candidate) || problem.path().startsWith(candidate + ".")
                        || problem.path().startsWith(candidate + "[")) && candidate.length() > prefix.length()) {
                    prefix = candidate;
                    origin = entry.getValue();
                }
            }
            if (origin == null) {
                report.error(WORKSPACE_FILE, "", "spec." + problem.path() + ": " + problem.message());
            } else {
                String rest = problem.path().substring(prefix.length());
                String key = origin.key().isEmpty() ? rest.replaceFirst("^\\.", "") : origin.key() + rest;
                report.error(origin.file(), key, problem.message());
            }
        }
    }

    // --- names -------------------------------------------------------------------------------------------------

    /** Polycrate's names and the DNS-1123 labels they become; collisions and unmappable names are errors. */
    private final class Names {
        final Map<String, Map<String, String>> original = new TreeMap<>();
        private final Map<String, String> blocks = new LinkedHashMap<>();
        private final List<String> blockOrder = new ArrayList<>();
        private final Map<String, Map<String, String>> actions = new LinkedHashMap<>();
        private final Map<String, String> workflows = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> steps = new LinkedHashMap<>();

        void map(List<PolyWorkspace.Block> polyBlocks, List<PolyWorkspace.Workflow> polyWorkflows) {
            Map<String, String> taken = new LinkedHashMap<>();
            for (PolyWorkspace.Block block : polyBlocks) {
                blockOrder.add(block.name);
                blocks.put(block.name, mapped(block.name, "block", block.file(), block.key + ".name", taken,
                        "blocks"));
                Map<String, String> actionNames = new LinkedHashMap<>();
                Map<String, String> actionTaken = new LinkedHashMap<>();
                for (PolyWorkspace.Action action : block.actions) {
                    if (action.name == null || action.name.isEmpty()) {
                        report.error(action.file, action.key + ".name", "missing: every action has a name");
                        continue;
                    }
                    actionNames.put(action.name, mapped(action.name, "action", action.file, action.key + ".name",
                            actionTaken, "actions"));
                }
                actions.put(block.name, actionNames);
            }
            Map<String, String> workflowTaken = new LinkedHashMap<>();
            for (PolyWorkspace.Workflow workflow : polyWorkflows) {
                if (workflow.name() == null || workflow.name().isEmpty()) {
                    report.error(WORKSPACE_FILE, workflow.key() + ".name", "missing: every workflow has a name");
                    continue;
                }
                workflows.put(workflow.name(), mapped(workflow.name(), "workflow", WORKSPACE_FILE,
                        workflow.key() + ".name", workflowTaken, "workflows"));
                Map<String, String> stepNames = new LinkedHashMap<>();
                Map<String, String> stepTaken = new LinkedHashMap<>();
                for (PolyWorkspace.Step step : workflow.steps()) {
                    if (step.name() == null || step.name().isEmpty()) {
                        report.error(WORKSPACE_FILE, step.key() + ".name", "missing: every step has a name");
                        continue;
                    }
                    if (stepNames.containsKey(step.name())) {
                        continue;
                    }
                    stepNames.put(step.name(), mapped(step.name(), "step", WORKSPACE_FILE, step.key() + ".name",
                            stepTaken, "steps"));
                }
                steps.put(workflow.name(), stepNames);
            }
        }

        private String mapped(String name, String kind, String file, String key, Map<String, String> taken,
                String group) {
            String label = NameMapping.label(name);
            if (label == null) {
                report.error(file, key, "'" + name + "' cannot be made a DNS-1123 label (lower-case letters, digits "
                        + "and '-', at most " + io.polycrate.operator.api.v1alpha1.Names.LABEL_MAX_LENGTH
                        + " characters)");
                return name;
            }
            String other = taken.putIfAbsent(label, name);
            if (other != null && !other.equals(name)) {
                report.error(file, key, "'" + name + "' and '" + other + "' both become the " + kind + " name '"
                        + label + "'");
            }
            if (!label.equals(name)) {
                original.computeIfAbsent(group, g -> new TreeMap<>()).put(label, name);
                report.note(file, key, "'" + name + "' is not a DNS-1123 label: imported as '" + label
                        + "', every reference rewritten (annotation " + ORIGINAL_NAMES_ANNOTATION + ")");
            }
            return label;
        }

        int blockIndex(String name) {
            return blockOrder.indexOf(name);
        }

        /** The block's label; null for a name that is no block of the workspace. */
        String block(String name) {
            return blocks.get(name);
        }

        /** A step's block: its label, or the name as written when there is no such block (the validator says so). */
        String blockOrSame(String name) {
            return name == null ? null : blocks.getOrDefault(name, name);
        }

        /** An action's label: as mapped for the block's own actions, else mapped the same way (inherited, unknown). */
        String action(String block, String name) {
            if (name == null) {
                return null;
            }
            String mapped = actions.getOrDefault(block, Map.of()).get(name);
            return mapped != null ? mapped : Objects.requireNonNullElse(NameMapping.label(name), name);
        }

        String workflow(String name) {
            return workflows.getOrDefault(name, name);
        }

        String step(String workflow, String name) {
            return steps.getOrDefault(workflow, Map.of()).getOrDefault(name, name);
        }
    }
}
