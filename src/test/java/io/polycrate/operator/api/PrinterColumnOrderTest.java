package io.polycrate.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;

/** The CRD generator's post-processor that puts printer columns in their declared order. */
class PrinterColumnOrderTest {

    @Test
    void columnsFollowTheClassesDeclarationsAndOthersComeLast() {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewSpec().withNewNames().withKind("Workspace").endNames()
                .addNewVersion().withName("v1alpha1")
                .addNewAdditionalPrinterColumn().withName("Age").withJsonPath(".metadata.creationTimestamp").endAdditionalPrinterColumn()
                .addNewAdditionalPrinterColumn().withName("Extra").withJsonPath(".a").endAdditionalPrinterColumn()
                .addNewAdditionalPrinterColumn().withName("Reason").withJsonPath(".b").endAdditionalPrinterColumn()
                .addNewAdditionalPrinterColumn().withName("Ready").withJsonPath(".c").endAdditionalPrinterColumn()
                .endVersion().endSpec().build();

        new PrinterColumnOrder().process(crd, "v1");

        assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
                .extracting(c -> c.getName()).containsExactly("Ready", "Reason", "Age", "Extra");
    }

    @Test
    void aKindWithoutAClassIsLeftAsGenerated() {
        assertThat(PrinterColumnOrder.declaredOrder("NoSuchKind")).isEmpty();
        assertThat(PrinterColumnOrder.declaredOrder("WorkflowRun")).startsWith("Phase", "Reason", "Workspace")
                .endsWith("Age", "Message");
    }
}
