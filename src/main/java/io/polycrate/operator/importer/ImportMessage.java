package io.polycrate.operator.importer;

/**
 * One line the import reports: where (a file of the Polycrate workspace, relative to its directory, and the key in
 * it, or empty) and what.
 */
public record ImportMessage(String file, String key, String text) {
    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(file);
        if (key != null && !key.isEmpty()) {
            line.append(": ").append(key);
        }
        return line.append(": ").append(text).toString();
    }
}
