package dev.popnet.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a config record from four layers, later ones winning: the type's {@code defaults()}, a YAML
 * file, {@code POPNET_*} environment variables, and {@code key=value} flags. Keys are kebab-case paths
 * ({@code cache.capacity-bytes}); the environment variable for a key is {@code POPNET_} plus the path in
 * upper case with dots and dashes as underscores ({@code POPNET_CACHE_CAPACITY_BYTES}). Values from env
 * and flags are read as YAML scalars or flow collections. Any problem becomes a {@link ConfigException}
 * naming the file (or variable, or flag), the key and the reason.
 */
public final class ConfigLoader {
    public static final String ENV_PREFIX = "POPNET_";
    private static final ObjectMapper YAML = mapper(new YAMLFactory());
    private static final ObjectMapper JSON = mapper(null);

    private ConfigLoader() {
    }

    /** The mapper config records are read with (kebab-case keys, durations and byte sizes with units). */
    public static ObjectMapper yamlMapper() {
        return YAML;
    }

    public static ObjectMapper jsonMapper() {
        return JSON;
    }

    public static <T> T load(Class<T> type, Path file, Map<String, String> env, Map<String, String> flags) {
        ObjectNode tree = defaultsTree(type);
        Map<String, String> sources = new LinkedHashMap<>();
        String fileName = file == null ? "defaults" : file.toString();
        if (file != null) {
            JsonNode fromFile = readFile(file);
            merge(tree, fromFile, "", fileName, sources);
        }
        for (String key : leafKeys(tree, "")) {
            String var = envName(key);
            String value = env.get(var);
            if (value != null) {
                set(tree, key, parseScalar(value, "environment variable " + var, key));
                sources.put(key, "environment variable " + var);
            }
        }
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            String source = "flag " + flag.getKey() + "=" + flag.getValue();
            set(tree, flag.getKey(), parseScalar(flag.getValue(), source, flag.getKey()));
            sources.put(flag.getKey(), source);
        }
        return bind(type, tree, fileName, sources);
    }

    /**
     * Builds what reading {@code type} needs and keeps it in the shared mappers: Jackson's first use (its
     * date format and the JVM's locale data behind it), the record's serializer and deserializer, and the
     * YAML parser that reads flag and environment values. Run on another thread while the command line is
     * parsed, it takes them off a server's start-up path.
     */
    public static void prepare(Class<?> type) {
        load(type, null, Map.of(), Map.of());
        parseScalar("0", "", "");
    }

    /** Reads a config file on its own (no env, no flags), e.g. a scenario. */
    public static <T> T load(Class<T> type, Path file) {
        return load(type, file, Map.of(), Map.of());
    }

    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every settable key of a config type, with its default, for help texts and docs. */
    public static Map<String, String> describe(Class<?> type) {
        ObjectNode tree = defaultsTree(type);
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : leafKeys(tree, "")) {
            JsonNode n = at(tree, key);
            out.put(key, n == null || n.isNull() ? "" : n.isValueNode() ? n.asText() : n.toString());
        }
        return out;
    }

    private static JsonNode readFile(Path file) {
        try {
            JsonNode node = YAML.readTree(Files.readString(file));
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException(file.toString(), "", "the top level must be a mapping of keys to values");
            }
            return node;
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "", "file not found");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new ConfigException(file.toString(), "", "not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "cannot read: " + e.getMessage());
        }
    }

    private static ObjectNode defaultsTree(Class<?> type) {
        try {
            Method defaults = type.getMethod("defaults");
            return (ObjectNode) JSON.valueToTree(defaults.invoke(null));
        } catch (NoSuchMethodException e) {
            return JsonNodeFactory.instance.objectNode();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("defaults() of " + type.getName() + " failed", e);
        }
    }

    private static void merge(ObjectNode target, JsonNode layer, String prefix, String source, Map<String, String> sources) {
        Iterator<Map.Entry<String, JsonNode>> fields = layer.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            JsonNode existing = target.get(f.getKey());
            if (existing instanceof ObjectNode obj && f.getValue().isObject()) {
                merge(obj, f.getValue(), key, source, sources);
            } else {
                target.set(f.getKey(), f.getValue());
                sources.put(key, source);
            }
        }
    }

    private static List<String> leafKeys(JsonNode node, String prefix) {
        List<String> keys = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            if (f.getValue().isObject() && f.getValue().size() > 0) {
                keys.addAll(leafKeys(f.getValue(), key));
            } else {
                keys.add(key);
            }
        }
        return keys;
    }

    private static JsonNode at(JsonNode root, String key) {
        JsonNode n = root;
        for (String part : key.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n;
    }

    private static void set(ObjectNode root, String key, JsonNode value) {
        String[] parts = key.split("\\.");
        ObjectNode n = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = n.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = n.putObject(parts[i]);
            }
            n = (ObjectNode) child;
        }
        n.set(parts[parts.length - 1], value);
    }

    private static JsonNode parseScalar(String value, String source, String key) {
        try {
            JsonNode node = YAML.readTree(value);
            return node == null || node.isMissingNode() ? JsonNodeFactory.instance.textNode(value) : node;
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, key, "cannot parse value: " + e.getOriginalMessage());
        }
    }

    private static <T> T bind(Class<T> type, ObjectNode tree, String fileName, Map<String, String> sources) {
        try {
            return JSON.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            String path = path(e);
            Throwable cause = e.getCause();
            String key = path;
            String reason;
            if (cause instanceof InvalidValue invalid) {
                key = path.isEmpty() ? invalid.key() : path + "." + invalid.key();
                reason = invalid.reason();
            } else if (e instanceof UnrecognizedPropertyException u) {
                reason = "unknown key (known here: " + String.join(", ", knownKeys(u)) + ")";
            } else if (cause instanceof IllegalArgumentException iae && iae.getMessage() != null) {
                reason = iae.getMessage();
            } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
                reason = "expected " + expected(m.getTargetType()) + (m instanceof InvalidFormatException f ? " (got " + f.getValue() + ")" : "");
            } else {
                reason = e.getOriginalMessage();
            }
            throw new ConfigException(sourceOf(key, fileName, sources), key, reason);
        } catch (JsonProcessingException e) {
            throw new ConfigException(fileName, "", e.getOriginalMessage());
        }
    }

    /** What a value of this type looks like, in the words of a config file rather than of Java. */
    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class || type == short.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a single value, not a list or mapping";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object c : type.getEnumConstants()) {
                names.add(((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            return "one of " + String.join(", ", names);
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list, e.g. [a, b]";
        }
        return "a mapping of keys to values";
    }

    private static List<String> knownKeys(UnrecognizedPropertyException u) {
        List<String> known = new ArrayList<>();
        if (u.getKnownPropertyIds() != null) {
            u.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
        }
        return known;
    }

    private static String sourceOf(String key, String fileName, Map<String, String> sources) {
        for (String k = key; !k.isEmpty(); k = k.contains(".") ? k.substring(0, k.lastIndexOf('.')) : "") {
            String s = sources.get(k);
            if (s != null) {
                return s;
            }
        }
        return fileName;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static ObjectMapper mapper(YAMLFactory factory) {
        SimpleModule units = new SimpleModule("popnet-units");
        units.addDeserializer(Duration.class, new DurationDeserializer());
        units.addSerializer(Duration.class, new DurationSerializer());
        units.addDeserializer(Long.class, new ByteSizeDeserializer(null));
        units.addDeserializer(long.class, new ByteSizeDeserializer(0L));
        JsonMapper.Builder b = factory == null ? JsonMapper.builder() : JsonMapper.builder(factory);
        return b.propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .serializationInclusion(JsonInclude.Include.ALWAYS)
                .addModule(units)
                .build();
    }

    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("a duration needs a unit, e.g. 250ms or 5s (got " + p.getText() + ")");
            }
            return Durations.parse(p.getText());
        }
    }

    private static final class DurationSerializer extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(Durations.format(value));
        }
    }

    /** Longs accept plain numbers or byte sizes with units ("64MiB"). */
    private static final class ByteSizeDeserializer extends JsonDeserializer<Long> {
        /** What a missing key becomes: 0 for a primitive long (the record then applies its default), null for Long. */
        private final Long absent;

        ByteSizeDeserializer(Long absent) {
            this.absent = absent;
        }

        @Override
        public Long getNullValue(DeserializationContext ctxt) {
            return absent;
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return switch (p.currentToken()) {
                case VALUE_NUMBER_INT -> p.getLongValue();
                case VALUE_STRING -> ByteSizes.parse(p.getText());
                default -> throw new IllegalArgumentException("expected a whole number (got " + p.getText() + ")");
            };
        }
    }

}
