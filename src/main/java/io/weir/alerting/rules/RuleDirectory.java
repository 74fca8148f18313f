package io.weir.alerting.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The rule files of one directory ({@code *.yml} and {@code *.yaml}) and what was last loaded from
 * each. {@link #scan} re-reads only files whose modification time or size changed: polling works on
 * every filesystem (network mounts, Kubernetes ConfigMaps) where change notification does not. A
 * file that fails keeps its last good groups active and reports its errors until it is fixed. Not
 * thread-safe: one thread scans.
 */
final class RuleDirectory {

    /** What one file gave: its active groups (the last good ones) and its current errors. */
    record FileState(List<RuleGroupDefinition> groups, List<RuleLoadError> errors) {
    }

    private record Stamp(long modifiedMillis, long size) {
    }

    private final Path directory;
    private final Duration defaultInterval;
    private final Map<String, Stamp> stamps = new TreeMap<>();
    private final Map<String, FileState> files = new TreeMap<>();

    RuleDirectory(Path directory, Duration defaultInterval) {
        this.directory = directory;
        this.defaultInterval = defaultInterval;
    }

    Path directory() {
        return directory;
    }

    /** Re-reads changed files, forgets deleted ones; true when anything changed. */
    boolean scan() {
        Map<String, Stamp> current = new TreeMap<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> entries = Files.list(directory)) {
                for (Path path : entries.filter(RuleDirectory::isRuleFile).toList()) {
                    current.put(path.getFileName().toString(), stamp(path));
                }
            } catch (IOException e) {
                // Leave the last state as it is; the next scan tries again.
                return false;
            }
        }
        boolean changed = files.keySet().retainAll(current.keySet());
        stamps.keySet().retainAll(current.keySet());
        for (Map.Entry<String, Stamp> file : current.entrySet()) {
            if (!Objects.equals(stamps.get(file.getKey()), file.getValue())) {
                stamps.put(file.getKey(), file.getValue());
                load(file.getKey());
                changed = true;
            }
        }
        return changed;
    }

    private void load(String name) {
        RuleFileParser.Result result;
        try {
            String text = Files.readString(directory.resolve(name), StandardCharsets.UTF_8);
            result = RuleFileParser.parse(name, text, defaultInterval);
        } catch (IOException e) {
            result = new RuleFileParser.Result(List.of(), List.of(new RuleLoadError(name, 0, "cannot read: " + e)));
        }
        FileState previous = files.get(name);
        if (result.errors().isEmpty()) {
            files.put(name, new FileState(result.groups(), List.of()));
        } else {
            files.put(name, new FileState(previous == null ? List.of() : previous.groups(), result.errors()));
        }
    }

    /** The active groups of every file, by file name then order in the file. */
    List<RuleGroupDefinition> groups() {
        List<RuleGroupDefinition> groups = new ArrayList<>();
        files.values().forEach(state -> groups.addAll(state.groups()));
        return groups;
    }

    /** The errors of the files that failed their last load. */
    List<RuleLoadError> errors() {
        List<RuleLoadError> errors = new ArrayList<>();
        files.values().forEach(state -> errors.addAll(state.errors()));
        return errors;
    }

    private static boolean isRuleFile(Path path) {
        String name = path.getFileName().toString();
        return (name.endsWith(".yml") || name.endsWith(".yaml")) && !name.startsWith(".") && Files.isRegularFile(path);
    }

    private static Stamp stamp(Path path) throws IOException {
        return new Stamp(Files.getLastModifiedTime(path).toMillis(), Files.size(path));
    }
}
