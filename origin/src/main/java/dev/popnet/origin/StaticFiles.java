package dev.popnet.origin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/** Files under the content root, with validators from size and modification time. */
final class StaticFiles {
    private final Path root;
    private final CacheControlRules rules;

    StaticFiles(Path root, CacheControlRules rules) throws IOException {
        this.root = root.toRealPath();
        this.rules = rules;
    }

    /** The file's representation, or null when there is no such regular file inside the root. */
    Representation describe(String requestPath, String relativePath) {
        Path file = root.resolve(relativePath.isEmpty() ? "index.html" : relativePath).normalize();
        try {
            if (Files.isDirectory(file)) {
                file = file.resolve("index.html");
            }
            if (!file.startsWith(root) || !Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
                return null;
            }
            Path real = file.toRealPath();
            if (!real.startsWith(root) || !Files.isRegularFile(real)) {
                return null; // a symlink pointing out of the root is as good as missing
            }
            BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
            long modified = attrs.lastModifiedTime().toMillis();
            String etag = "\"" + Long.toHexString(attrs.size()) + "-" + Long.toHexString(attrs.lastModifiedTime().toMillis()) + "\"";
            String path = real.toString();
            return new Representation(ContentTypes.forFile(real.getFileName().toString()), etag, modified,
                    rules.forPath(requestPath), attrs.size(), Map.of(),
                    (response, first, count) -> response.sendFile(path, first, count));
        } catch (IOException e) {
            return null;
        }
    }
}
