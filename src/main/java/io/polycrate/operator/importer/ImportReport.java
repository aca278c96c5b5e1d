package io.polycrate.operator.importer;

import java.util.ArrayList;
import java.util.List;

/** What an import found: errors (nothing is printed then) and notes (what could not come over, and why). */
final class ImportReport {
    private final List<ImportMessage> errors = new ArrayList<>();
    private final List<ImportMessage> notes = new ArrayList<>();

    void error(String file, String key, String text) {
        errors.add(new ImportMessage(file, key, text));
    }

    void note(String file, String key, String text) {
        ImportMessage note = new ImportMessage(file, key, text);
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    List<ImportMessage> errors() {
        return List.copyOf(errors);
    }

    List<ImportMessage> notes() {
        return List.copyOf(notes);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }
}
