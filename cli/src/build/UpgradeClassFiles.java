import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Build step, run on popnet.jar after shading: rewrites class files older than Java 6 (picocli ships Java 5
 * ones) as Java 8 class files with stack map frames. JDK 17's class-data sharing archives no class older
 * than version 50, nor any class that extends or implements one (popnet's commands, converters and the
 * proxies of picocli's annotations), so without this every start loads and verifies those from the jar.
 * Usage: java -cp asm.jar UpgradeClassFiles.java JAR
 */
public final class UpgradeClassFiles {
    private static final int JAVA_6 = 50;

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Map<String, byte[]> upgraded = new LinkedHashMap<>();
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                FileSystem zip = FileSystems.newFileSystem(jar)) {
            for (Path file : classFiles(zip)) {
                byte[] bytes = Files.readAllBytes(file);
                if (majorVersion(bytes) < JAVA_6) {
                    upgraded.put(file.toString(), upgrade(bytes, classes));
                }
            }
        }
        try (FileSystem zip = FileSystems.newFileSystem(jar)) {
            for (Map.Entry<String, byte[]> e : upgraded.entrySet()) {
                Files.write(zip.getPath(e.getKey()), e.getValue());
            }
        }
        System.out.println("class files upgraded to Java 8: " + upgraded.size());
    }

    private static List<Path> classFiles(FileSystem zip) throws IOException {
        try (Stream<Path> all = Files.walk(zip.getPath("/"))) {
            return all.filter(p -> p.toString().endsWith(".class") && !p.toString().startsWith("/META-INF/")).toList();
        }
    }

    private static int majorVersion(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    /** Frames are computed from the jar's own classes, so common super classes resolve without loading popnet. */
    private static byte[] upgrade(byte[] classFile, ClassLoader classes) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return classes;
            }
        };
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, 0);
        return writer.toByteArray();
    }
}
