package io.polycrate.operator.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.polycrate.operator.api.v1alpha1.FileItem;

/**
 * A block directory as a ConfigMap, as the block-files feature mounts it: every file a key (its base name where that
 * is unique in the block, else its path with '/' as '.'), listed in {@code items} with its path and, for files
 * Polycrate would run (owner-executable), mode 0755. Text goes to {@code data}, anything else to {@code binaryData}.
 * Directories of other blocks (they have their own block.poly), {@code .git} and the block.poly itself are not
 * part of it.
 */
final class BlockDirectoryFiles {
    /** The most a ConfigMap may hold (data and binaryData together), as the API server enforces. */
    static final int CONFIG_MAP_LIMIT = 1024 * 1024;
    static final int EXECUTABLE_MODE = 0755;

    final Map<String, String> data = new LinkedHashMap<>();
    final Map<String, String> binaryData = new LinkedHashMap<>();
    final List<FileItem> items = new ArrayList<>();
    long size;

    private BlockDirectoryFiles() {
    }

    /**
     * The files under {@code directory}, skipping {@code otherBlocks} (directories of nested blocks) and the block's
     * own {@code blockFile} (block.poly: the Workspace holds what it says).
     */
    static BlockDirectoryFiles read(Path directory, Set<Path> otherBlocks, String blockFile) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(file -> otherBlocks.stream().noneMatch(other -> file.startsWith(other)))
                    .filter(file -> !directory.relativize(file).toString().startsWith(".git/"))
                    .filter(file -> !file.equals(directory.resolve(blockFile)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Integer> baseNames = new HashMap<>();
        files.forEach(file -> baseNames.merge(key(file.getFileName().toString()), 1, Integer::sum));
        BlockDirectoryFiles result = new BlockDirectoryFiles();
        Set<String> keys = new HashSet<>();
        for (Path file : files) {
            String path = directory.relativize(file).toString().replace('\\', '/');
            String base = key(file.getFileName().toString());
            String key = baseNames.get(base) == 1 ? base : key(path.replace('/', '.'));
            String unique = key;
            for (int n = 2; !keys.add(unique); n++) {
                unique = key + "-" + n;
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String text = utf8(bytes);
            if (text != null) {
                result.data.put(unique, text);
            } else {
                result.binaryData.put(unique, Base64.getEncoder().encodeToString(bytes));
            }
            result.size += unique.length() + bytes.length;
            FileItem item = new FileItem(unique, path);
            if (executable(file)) {
                item.setMode(EXECUTABLE_MODE);
            }
            result.items.add(item);
        }
        return result;
    }

    private static String key(String name) {
        String key = name.replaceAll("[^-._a-zA-Z0-9]", "_");
        return key.equals(".") || key.equals("..") ? "_" + key : key;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean executable(Path file) {
        try {
            return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return Files.isExecutable(file);
        }
    }
}
