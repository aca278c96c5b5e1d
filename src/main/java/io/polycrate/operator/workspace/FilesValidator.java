package io.polycrate.operator.workspace;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.polycrate.operator.api.v1alpha1.Artifacts;
import io.polycrate.operator.api.v1alpha1.BlockFiles;
import io.polycrate.operator.api.v1alpha1.FileItem;
import io.polycrate.operator.api.v1alpha1.Names;

/** The {@link WorkspaceValidator}'s checks of a block's files and of the artifacts volume. Pure code. */
final class FilesValidator {
    private static final Set<String> ACCESS_MODES = Set.of("ReadWriteOnce", "ReadWriteMany", "ReadWriteOncePod",
            "ReadOnlyMany");
    private static final int MAX_MODE = 0777;
    private static final int MAX_PATH = 256;

    private FilesValidator() {
    }

    /** A block's {@code files} at {@code path} (blocks[i].files). */
    static void checkFiles(List<SpecProblem> problems, String path, BlockFiles files) {
        if (files == null) {
            return;
        }
        boolean configMap = files.getConfigMapRef() != null;
        boolean image = files.getImage() != null;
        if (configMap == image) {
            problems.add(new SpecProblem(path, (configMap ? "has both configMapRef and image" : "has neither "
                    + "configMapRef nor image") + "; set exactly one (the block's files come from one place)"));
        }
        if (configMap) {
            String name = files.getConfigMapRef().getName();
            if (name == null || name.isBlank()) {
                problems.add(new SpecProblem(path + ".configMapRef.name", "is required"));
            } else if (!(name.length() <= Names.SUBDOMAIN_MAX_LENGTH && name.matches(Names.DNS1123_SUBDOMAIN))) {
                problems.add(new SpecProblem(path + ".configMapRef.name", "\"" + name
                        + "\" is not a valid ConfigMap name"));
            }
        }
        if (image && (files.getImage().isBlank() || files.getImage().chars().anyMatch(Character::isWhitespace))) {
            problems.add(new SpecProblem(path + ".image", "\"" + files.getImage()
                    + "\" is not an image reference (it is empty or contains whitespace)"));
        }
        if (files.getItems() != null && !configMap) {
            problems.add(new SpecProblem(path + ".items", "go with configMapRef (an image's files are all of it)"));
        }
        if (files.getPullPolicy() != null && !image) {
            problems.add(new SpecProblem(path + ".pullPolicy", "goes with image"));
        }
        if (files.getItems() != null) {
            checkItems(problems, path + ".items", files.getItems());
        }
    }

    private static void checkItems(List<SpecProblem> problems, String path, List<FileItem> items) {
        Map<String, Integer> firstPath = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            FileItem item = items.get(i);
            String itemPath = path + "[" + i + "]";
            if (item == null) {
                problems.add(new SpecProblem(itemPath, "is empty"));
                continue;
            }
            if (item.getKey() == null || item.getKey().isBlank()) {
                problems.add(new SpecProblem(itemPath + ".key", "is required"));
            } else if (!item.getKey().matches(FileItem.KEY_PATTERN) || item.getKey().length() > 253) {
                problems.add(new SpecProblem(itemPath + ".key", "\"" + item.getKey() + "\" is not a ConfigMap key "
                        + "(letters, digits, '-', '_' and '.', at most 253 characters)"));
            }
            String file = item.getPath();
            if (file == null || file.isBlank()) {
                problems.add(new SpecProblem(itemPath + ".path", "is required"));
            } else if (file.length() > MAX_PATH) {
                problems.add(new SpecProblem(itemPath + ".path", "is longer than " + MAX_PATH + " characters"));
            } else if (file.startsWith("/") || List.of(file.split("/")).contains("..")) {
                problems.add(new SpecProblem(itemPath + ".path", "\"" + file + "\" must be a path inside the block "
                        + "directory: relative, without '..'"));
            } else {
                Integer first = firstPath.putIfAbsent(file, i);
                if (first != null) {
                    problems.add(new SpecProblem(itemPath + ".path", "duplicate path \"" + file + "\" (also at "
                            + path + "[" + first + "])"));
                }
            }
            if (item.getMode() != null && (item.getMode() < 0 || item.getMode() > MAX_MODE)) {
                problems.add(new SpecProblem(itemPath + ".mode", "must be between 0 and 0777 (511), got "
                        + item.getMode()));
            }
        }
    }

    /** The workspace's {@code artifacts}. */
    static void checkArtifacts(List<SpecProblem> problems, Artifacts artifacts) {
        if (artifacts == null) {
            return;
        }
        String path = "artifacts.volumeClaimTemplate";
        PersistentVolumeClaimSpec claim = artifacts.getVolumeClaimTemplate();
        if (claim == null) {
            problems.add(new SpecProblem(path, "is required (the spec of each run's artifacts "
                    + "PersistentVolumeClaim); remove artifacts for runs without one"));
            return;
        }
        List<String> modes = claim.getAccessModes() == null ? List.of() : claim.getAccessModes();
        if (modes.isEmpty()) {
            problems.add(new SpecProblem(path + ".accessModes", "is required (e.g. [ReadWriteOnce]: the steps of a "
                    + "run use the volume one after another)"));
        }
        for (int i = 0; i < modes.size(); i++) {
            if (!ACCESS_MODES.contains(modes.get(i))) {
                problems.add(new SpecProblem(path + ".accessModes[" + i + "]", "\"" + modes.get(i)
                        + "\" is not an access mode (ReadWriteOnce, ReadWriteOncePod, ReadWriteMany)"));
            } else if ("ReadOnlyMany".equals(modes.get(i)) && modes.size() == 1) {
                problems.add(new SpecProblem(path + ".accessModes[" + i + "]", "ReadOnlyMany alone: the steps could "
                        + "not write their artifacts"));
            }
        }
        if ("Block".equals(claim.getVolumeMode())) {
            problems.add(new SpecProblem(path + ".volumeMode", "Block: the steps need a filesystem at "
                    + "/workspace/artifacts (Filesystem, the default)"));
        }
        Quantity storage = claim.getResources() == null || claim.getResources().getRequests() == null ? null
                : claim.getResources().getRequests().get("storage");
        if (storage == null) {
            problems.add(new SpecProblem(path + ".resources.requests.storage", "is required (the size of each run's "
                    + "artifacts volume, e.g. 1Gi)"));
        }
    }
}
