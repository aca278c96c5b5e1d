package io.polycrate.operator.workspace;

import io.polycrate.operator.api.v1alpha1.BlockFiles;

/**
 * The files a block's steps run in: those of {@code block}, the block itself or, for a block with {@code from} and
 * no files of its own, the nearest ancestor that has some (Polycrate runs such a block in its parent's directory).
 */
public record BlockDirectory(String block, BlockFiles files) {
}
