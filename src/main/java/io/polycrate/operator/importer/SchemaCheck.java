package io.polycrate.operator.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;

import io.polycrate.operator.json.Json;
/**
 * A block directory's {@code schema.json}, checked against the block's config after inheritance, as
 * {@code Block.ValidateSchema} does when Polycrate loads the workspace: a config the schema rejects is an error.
 * A block with {@code from} and no schema of its own is checked against its parent's.
 */
final class SchemaCheck {
    static final String SCHEMA_FILE = "schema.json";

    private SchemaCheck() {
    }

    static void check(Path root, List<PolyWorkspace.Block> blocks, Map<String, WorkspaceImport.Resolved> resolved,
            ImportReport report) {
        for (PolyWorkspace.Block block : blocks) {
            WorkspaceImport.Resolved resolution = resolved.get(block.name);
            Path schemaFile = schemaOf(root, block, resolved);
            if (resolution == null || schemaFile == null) {
                continue;
            }
            String file = root.relativize(schemaFile).toString().replace('\\', '/');
            JsonNode schemaNode;
            try {
                schemaNode = Json.SERIALIZATION.unmarshal(Files.readString(schemaFile), JsonNode.class);
            } catch (IOException | RuntimeException e) {
                Throwable cause = e;
                while (cause.getCause() != null) {
                    cause = cause.getCause();
                }
                String reason = cause instanceof JsonProcessingException json ? json.getOriginalMessage()
                        : String.valueOf(cause.getMessage());
                report.error(file, "", "is not valid JSON: " + reason.lines().findFirst().orElse(""));
                continue;
            }
            SpecVersion.VersionFlag version = SpecVersionDetector.detectOptionalVersion(schemaNode, false)
                    .orElse(SpecVersion.VersionFlag.V7);
            JsonSchema schema = JsonSchemaFactory.getInstance(version).getSchema(schemaNode);
            Map<String, Object> config = resolution.merged().config;
            JsonNode data = Json.SERIALIZATION.convertValue(config == null ? Map.of() : config, JsonNode.class);
            Set<ValidationMessage> messages = schema.validate(data);
            messages.stream().sorted(Comparator.comparing(ValidationMessage::getMessage)).forEach(message -> {
                String location = message.getInstanceLocation().toString().replaceFirst("^\\$", "config");
                String text = message.getMessage().replaceFirst("^\\$[^:]*: ", "");
                report.error(file, "", "block '" + block.name + "': " + location + ": " + text);
            });
        }
    }

    private static Path schemaOf(Path root, PolyWorkspace.Block block,
            Map<String, WorkspaceImport.Resolved> resolved) {
        for (PolyWorkspace.Block current = block; current != null; ) {
            if (current.directory != null && Files.isRegularFile(root.resolve(current.directory).resolve(SCHEMA_FILE))) {
                return root.resolve(current.directory).resolve(SCHEMA_FILE);
            }
            WorkspaceImport.Resolved resolution = resolved.get(current.name);
            current = resolution == null ? null : resolution.parent();
        }
        return null;
    }
}
