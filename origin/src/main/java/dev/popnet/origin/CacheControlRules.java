package dev.popnet.origin;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The configured rules compiled once: Cache-Control for a path, first matching glob wins. */
final class CacheControlRules {
    private final List<Pattern> patterns = new ArrayList<>();
    private final List<String> values = new ArrayList<>();
    private final String fallback;

    CacheControlRules(List<CacheRule> rules, String fallback) {
        for (CacheRule rule : rules) {
            patterns.add(globToRegex(rule.pattern()));
            values.add(rule.cacheControl());
        }
        this.fallback = fallback;
    }

    String forPath(String path) {
        for (int i = 0; i < patterns.size(); i++) {
            if (patterns.get(i).matcher(path).matches()) {
                return values.get(i);
            }
        }
        return fallback;
    }

    static Pattern globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                sb.append(".*");
                i++;
            } else if (c == '*') {
                sb.append("[^/]*");
            } else if (c == '?') {
                sb.append("[^/]");
            } else {
                sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(sb.toString());
    }
}
