package io.polycrate.operator.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.polycrate.operator.api.v1alpha1.Workspace;

/**
 * Puts a generated CRD's printer columns in the order the custom resource class declares its
 * {@link AdditionalPrinterColumn}s: kubectl get shows them in the CRD's order, and Fabric8's generator sorts them by
 * JSON path (fabric8io/kubernetes-client#3974), which put Age first. Runs at build time only, as the CRD generator's
 * post-processor ({@code quarkus.operator-sdk.crd.post-processor}).
 */
public class PrinterColumnOrder implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata generated, String crdSpecVersion) {
        if (!(generated instanceof CustomResourceDefinition crd)) {
            return generated;
        }
        List<String> declared = declaredOrder(crd.getSpec().getNames().getKind());
        for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
            if (version.getAdditionalPrinterColumns() != null) {
                List<CustomResourceColumnDefinition> columns = new ArrayList<>(version.getAdditionalPrinterColumns());
                // a column the class does not declare (none today) keeps its place after the declared ones
                columns.sort(Comparator.comparingInt(c -> declared.contains(c.getName()) ? declared.indexOf(c.getName())
                        : declared.size()));
                version.setAdditionalPrinterColumns(columns);
            }
        }
        return crd;
    }

    /** The names of the printer columns the class of {@code kind} declares, in their order. */
    static List<String> declaredOrder(String kind) {
        try {
            Class<?> type = Class.forName(Workspace.class.getPackageName() + "." + kind, false,
                    PrinterColumnOrder.class.getClassLoader());
            return Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
                    .map(AdditionalPrinterColumn::name).toList();
        } catch (ClassNotFoundException e) {
            return List.of();
        }
    }
}
