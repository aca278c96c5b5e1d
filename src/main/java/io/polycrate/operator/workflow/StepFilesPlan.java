package io.polycrate.operator.workflow;

import java.util.List;

import io.polycrate.operator.api.v1alpha1.BlockFiles;
import io.polycrate.operator.api.v1alpha1.FileItem;
import io.polycrate.operator.workspace.BlockDirectory;

/** Turns a block directory of a valid workspace into the files a step's plan records. Pure code. */
final class StepFilesPlan {
    private StepFilesPlan() {
    }

    /** The step's files; null when its block has none (nor inherits any). */
    static StepFiles of(BlockDirectory directory) {
        if (directory == null || directory.files() == null) {
            return null;
        }
        BlockFiles files = directory.files();
        if (files.getConfigMapRef() != null) {
            List<StepFiles.Item> items = files.getItems() == null ? List.of() : files.getItems().stream()
                    .map(StepFilesPlan::item).toList();
            return StepFiles.ofConfigMap(directory.block(), files.getConfigMapRef().getName(), items);
        }
        return StepFiles.ofImage(directory.block(), files.getImage(),
                files.getPullPolicy() == null ? null : files.getPullPolicy().name());
    }

    private static StepFiles.Item item(FileItem item) {
        return new StepFiles.Item(item.getKey(), item.getPath(), item.getMode());
    }
}
