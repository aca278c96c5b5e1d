package io.polycrate.operator.reconciler;

import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * An informer's store that keeps a trimmed copy of each object: only what the decisions reading that informer
 * need (like controller-runtime's cache transforms). Event handlers still receive the whole new object.
 */
final class TrimmingItemStore<R extends HasMetadata> extends BasicItemStore<R> {
    private final UnaryOperator<R> trim;

    TrimmingItemStore(UnaryOperator<R> trim) {
        super(Cache::metaNamespaceKeyFunc);
        this.trim = trim;
    }

    @Override
    public R put(String key, R object) {
        return super.put(key, trim.apply(object));
    }
}
