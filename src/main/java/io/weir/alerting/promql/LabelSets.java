package io.weir.alerting.promql;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** Operations on label sets (sorted maps, {@code __name__} included) that Prometheus defines. */
final class LabelSets {

    /** Prometheus' order of label sets: label by label, name then value. */
    static final Comparator<SortedMap<String, String>> ORDER = (a, b) -> {
        Iterator<Map.Entry<String, String>> left = a.entrySet().iterator();
        Iterator<Map.Entry<String, String>> right = b.entrySet().iterator();
        while (left.hasNext() && right.hasNext()) {
            Map.Entry<String, String> l = left.next();
            Map.Entry<String, String> r = right.next();
            int byName = l.getKey().compareTo(r.getKey());
            if (byName != 0) {
                return byName;
            }
            int byValue = l.getValue().compareTo(r.getValue());
            if (byValue != 0) {
                return byValue;
            }
        }
        return Boolean.compare(left.hasNext(), right.hasNext());
    };

    private LabelSets() {
    }

    static SortedMap<String, String> keep(SortedMap<String, String> labels, Collection<String> names) {
        TreeMap<String, String> kept = new TreeMap<>(labels);
        kept.keySet().retainAll(Set.copyOf(names));
        return kept;
    }

    static SortedMap<String, String> drop(SortedMap<String, String> labels, Collection<String> names) {
        TreeMap<String, String> kept = new TreeMap<>(labels);
        kept.keySet().removeAll(Set.copyOf(names));
        return kept;
    }

    /** Fails as Prometheus does when an operation leaves two elements with the same labels. */
    static List<VectorSample> requireDistinct(List<VectorSample> vector) {
        Set<SortedMap<String, String>> seen = new HashSet<>();
        for (VectorSample sample : vector) {
            if (!seen.add(sample.labels())) {
                throw new EvaluationException("vector cannot contain metrics with the same labelset: "
                        + format(sample.labels()));
            }
        }
        return vector;
    }

    static String format(Map<String, String> labels) {
        StringBuilder text = new StringBuilder();
        String name = labels.get(VectorSample.NAME);
        if (name != null) {
            text.append(name);
        }
        text.append('{');
        labels.forEach((k, v) -> {
            if (!k.equals(VectorSample.NAME)) {
                text.append(k).append("=\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append("\", ");
            }
        });
        if (text.charAt(text.length() - 1) == ' ') {
            text.setLength(text.length() - 2);
        }
        return text.append('}').toString();
    }
}
