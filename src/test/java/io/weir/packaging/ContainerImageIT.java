package io.weir.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the OCI image tarball Jib wrote in this Maven run ({@code weir.image.tar}): the default build
 * puts Weir's layers on an empty base (a quick check of the configuration every build shares),
 * {@code -Pimage} on the Debian JRE base, which is then checked too.
 */
class ContainerImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TARBALL = Path.of(System.getProperty("weir.image.tar", "target/image/weir-on-empty-base.tar"));
    private static final boolean DEBIAN_BASE = System.getProperty("weir.image.base", "scratch").startsWith("tar://");

    private static JsonNode config;
    /** Every file path in the image (all layers), with its tar entry mode. */
    private static Map<String, Integer> files;
    /** The owner (uid) of every file path in the image. */
    private static Map<String, Long> owners;

    @BeforeAll
    static void readImage() throws IOException {
        assertThat(TARBALL).as("image tarball (./mvnw verify builds it)").exists();
        Map<String, byte[]> small = new HashMap<>();
        forEachEntry(Files.newInputStream(TARBALL), (entry, in) -> {
            if (entry.getSize() < 1_000_000) {
                small.put(entry.getName(), in.readAllBytes());
            }
        });
        JsonNode index = JSON.readTree(small.get("index.json"));
        assertThat(small).containsKey("oci-layout");
        JsonNode manifest = JSON.readTree(blob(small, index.path("manifests").get(0).path("digest").asText()));
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        config = JSON.readTree(blob(small, manifest.path("config").path("digest").asText()));

        List<String> layers = new ArrayList<>();
        manifest.path("layers").forEach(layer -> layers.add(blobPath(layer.path("digest").asText())));
        files = new LinkedHashMap<>();
        owners = new LinkedHashMap<>();
        forEachEntry(Files.newInputStream(TARBALL), (entry, in) -> {
            if (layers.contains(entry.getName())) {
                forEachEntry(new GZIPInputStream(unclosable(in)), (file, content) -> {
                    String path = "/" + file.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
                    files.put(path, file.getMode() & 07777);
                    owners.put(path, file.getLongUserId());
                });
            }
        });
    }

    @Test
    void runsAsNonRootUserWithNumericUid() {
        assertThat(config.path("config").path("User").asText()).isEqualTo("185:0");
    }

    @Test
    void entrypointIsTheScriptThatPicksTheBuildForTheDatabaseKind() {
        assertThat(config.path("config").path("Entrypoint").toString()).isEqualTo("[\"/opt/weir/bin/weir\"]");
        assertThat(config.path("config").path("WorkingDir").asText()).isEqualTo("/opt/weir");
        assertThat(files).containsEntry("/opt/weir/bin/weir", 0755);
        assertThat(files).containsKeys("/opt/weir/h2/quarkus-run.jar", "/opt/weir/postgresql/quarkus-run.jar",
                "/opt/weir/postgresql/quarkus/generated-bytecode.jar");
    }

    @Test
    void exposesHttpPortAndDataVolume() {
        assertThat(fieldNames(config.path("config").path("ExposedPorts"))).containsExactly("8080/tcp");
        assertThat(fieldNames(config.path("config").path("Volumes"))).containsExactly("/var/lib/weir");
        assertThat(env()).containsEntry("WEIR_DATA_DIR", "/var/lib/weir").containsEntry("WEIR_DATABASE_KIND", "h2");
    }

    @Test
    void carriesOciLabels() {
        JsonNode labels = config.path("config").path("Labels");
        assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("Weir");
        assertThat(labels.path("org.opencontainers.image.version").asText()).isNotBlank();
        assertThat(labels.path("org.opencontainers.image.description").asText()).isNotBlank();
    }

    @Test
    void setsTheJvmMemoryOptionsTheReadmeRecommends() throws IOException {
        Matcher readme = Pattern.compile("JDK_JAVA_OPTIONS=\"([^\"]+)\"")
                .matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        assertThat(readme.find()).as("JDK_JAVA_OPTIONS in the README's Memory section").isTrue();
        assertThat(env()).containsEntry("JDK_JAVA_OPTIONS", readme.group(1));
    }

    @Test
    void shipsTheAlertRulesAndNoSecondCopyOfTheApplication() throws IOException {
        try (var shipped = Files.list(Path.of("alert-rules"))) {
            shipped.forEach(rule -> assertThat(files).containsKey("/opt/weir/alert-rules/" + rule.getFileName()));
        }
        assertThat(env()).containsEntry("WEIR_ALERTING_RULES_DIR", "/opt/weir/alert-rules");
        // Jib's own copy of classes and dependencies is filtered out: the Quarkus builds hold them.
        assertThat(files.keySet()).noneMatch(path -> path.startsWith("/app/"));
    }

    @Test
    void debianBaseHasJavaAndTheWeirUserOwningTheDataDirectory() throws IOException {
        if (!DEBIAN_BASE) {
            // The empty base of the default build has no files of its own: only Weir's layers.
            assertThat(files.keySet()).allMatch(path -> path.startsWith("/opt"));
            return;
        }
        assertThat(files).containsKey("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
        // Debian 12 merges /bin into /usr/bin: the entry point's /bin/sh is /usr/bin/sh.
        assertThat(files).containsKeys("/usr/bin/sh", "/usr/bin/java", "/bin");
        assertThat(owners).containsEntry("/var/lib/weir", 185L);
        assertThat(files).containsEntry("/var/lib/weir", 0770);
        // Weir's own files belong to root: the user 185 cannot change the application.
        assertThat(owners).containsEntry("/opt/weir/h2/quarkus-run.jar", 0L);
    }

    private static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        config.path("config").path("Env").forEach(variable -> {
            String[] parts = variable.asText().split("=", 2);
            env.put(parts[0], parts[1]);
        });
        return env;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static byte[] blob(Map<String, byte[]> entries, String digest) {
        byte[] content = entries.get(blobPath(digest));
        assertThat(content).as("blob %s", digest).isNotNull();
        return content;
    }

    private static String blobPath(String digest) {
        return "blobs/" + digest.replace(':', '/');
    }

    /** A layer is read inside the image's tar stream: reading it to its end must not close the image. */
    private static InputStream unclosable(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }

    private interface EntryReader {
        void read(TarArchiveEntry entry, InputStream content) throws IOException;
    }

    private static void forEachEntry(InputStream stream, EntryReader reader) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(stream)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                reader.read(entry, tar);
            }
        }
    }
}
