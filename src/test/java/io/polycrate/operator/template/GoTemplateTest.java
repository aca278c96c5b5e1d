package io.polycrate.operator.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The table in template/cases.yaml: what renders, byte for byte as Go's text/template renders it (the file's cases
 * are checked against Go itself by src/test/go/template-cases), and what is a problem, with its message.
 */
class GoTemplateTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TestFactory
    Stream<DynamicTest> theCasesRenderAsGoRendersThemOrAreProblems() throws IOException {
        Map<String, Object> file = cases();
        Object data = polycrateData(file);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cases = (List<Map<String, Object>>) file.get("cases");
        assertThat(cases).hasSizeGreaterThan(90);
        return cases.stream().map(c -> DynamicTest.dynamicTest("[" + c.get("template") + "]", () -> {
            String template = String.valueOf(c.get("template"));
            if (c.containsKey("output")) {
                assertThat(GoTemplate.render(template, data)).isEqualTo(String.valueOf(c.get("output")));
            } else {
                assertThat(c).as("a case is an output or a problem").containsKey("problem");
                assertThatThrownBy(() -> GoTemplate.render(template, data)).isInstanceOf(TemplateException.class)
                        .hasMessageContaining(String.valueOf(c.get("problem")));
            }
        }));
    }

    @Test
    void textWithoutAnActionIsReturnedAsItIs() throws TemplateException {
        String line = "awk '{ print $1 }' | sed -e 's/}/]/' # {not} a {{template";
        assertThat(GoTemplate.render("echo $((1 + 2)) ${HOME} { }", null)).isEqualTo("echo $((1 + 2)) ${HOME} { }");
        assertThatThrownBy(() -> GoTemplate.render(line, null)).hasMessageContaining("unclosed action");
        String safe = line.replace("{{", "{ {");
        assertThat(GoTemplate.render(safe, null)).isSameAs(safe);
    }

    @Test
    void unavailableFieldsSayWhy() {
        GoStruct block = new GoStruct("*cmd.Block", Map.of("Name", "db"),
                Map.of("Version", "is a Polycrate field this operator does not have"));
        Map<String, Object> data = Map.of("Block", block);
        GoStruct snapshot = new GoStruct("cmd.WorkspaceSnapshot", data, Map.of());

        assertThatThrownBy(() -> GoTemplate.render("v{{ .Block.Version }}", snapshot))
                .hasMessage(".Block.Version: is a Polycrate field this operator does not have");
        assertThatThrownBy(() -> GoTemplate.render("{{ if .Block.Version }}x{{ end }}", snapshot))
                .hasMessageContaining(".Block.Version: is a Polycrate field");
    }

    @Test
    void floatsPrintAsGoPrintsThem() {
        assertThat(GoValues.formatFloat(1e21)).isEqualTo("1e+21");
        assertThat(GoValues.formatFloat(1e20)).isEqualTo("1e+20");
        assertThat(GoValues.formatFloat(999999.0)).isEqualTo("999999");
        assertThat(GoValues.formatFloat(1234567.0)).isEqualTo("1.234567e+06");
        assertThat(GoValues.formatFloat(-2.5)).isEqualTo("-2.5");
        assertThat(GoValues.formatFloat(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(GoValues.formatFloat(5e-324)).isEqualTo("5e-324");
        assertThat(GoValues.formatFloat(1.7976931348623157e308)).isEqualTo("1.7976931348623157e+308");
        assertThat(GoValues.formatFloat(123.456e-10)).isEqualTo("1.23456e-08");
        assertThat(GoValues.formatFloat(-0.0)).isEqualTo("-0");
        assertThat(GoValues.formatFloat(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    /** Polycrate's WorkspaceSnapshot in small, as src/test/go/template-cases builds it in Go. */
    @SuppressWarnings("unchecked")
    static GoStruct polycrateData(Map<String, Object> file) {
        GoStruct workspace = new GoStruct("*cmd.Workspace", Map.of("Name", "acme", "Config",
                new GoStruct("cmd.WorkspaceConfig", Map.of("Globals", file.get("globals")), Map.of())), Map.of());
        Map<String, Object> blockFields = new LinkedHashMap<>();
        blockFields.put("Name", "db");
        blockFields.put("Config", (Map<String, Object>) file.get("config"));
        blockFields.put("From", "");
        blockFields.put("Workdir", new GoStruct("cmd.BlockWorkdir", Map.of("Path", "/workspace/blocks/db"), Map.of()));
        GoStruct block = new GoStruct("*cmd.Block", blockFields, Map.of());
        return new GoStruct("cmd.WorkspaceSnapshot", Map.of("Workspace", workspace, "Block", block),
                Map.of("Action", "is not set when script lines are rendered"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cases() throws IOException {
        try (InputStream in = GoTemplateTest.class.getResourceAsStream("/template/cases.yaml")) {
            return YAML.readValue(in, Map.class);
        }
    }
}
