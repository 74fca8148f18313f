package io.weir.broker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Balances partitions over members while moving as few as possible: each member ends up with
 * {@code n / m} or one more partition, members keep what they own up to that quota (the extra one
 * goes first to members that already own more), and only the rest changes hands.
 */
final class StickyAssignment {

    private StickyAssignment() {
    }

    /**
     * @param current partition to owner, possibly naming members that left
     * @return partition to owner for every partition, or empty if there are no members
     */
    static Map<Integer, String> assign(int partitions, List<String> members, Map<Integer, String> current) {
        Map<Integer, String> result = new TreeMap<>();
        if (members.isEmpty()) {
            return result;
        }
        Map<String, List<Integer>> owned = new HashMap<>();
        members.forEach(m -> owned.put(m, new ArrayList<>()));
        current.forEach((p, owner) -> {
            if (p < partitions && owned.containsKey(owner)) {
                owned.get(owner).add(p);
            }
        });
        List<String> byOwned = new ArrayList<>(members);
        byOwned.sort(Comparator.comparingInt((String m) -> -owned.get(m).size()).thenComparing(m -> m));
        int base = partitions / members.size();
        int extra = partitions % members.size();
        Map<String, Integer> quota = new HashMap<>();
        for (int i = 0; i < byOwned.size(); i++) {
            quota.put(byOwned.get(i), base + (i < extra ? 1 : 0));
        }
        for (String member : byOwned) {
            List<Integer> kept = owned.get(member);
            kept.sort(null);
            for (int p : kept.subList(0, Math.min(kept.size(), quota.get(member)))) {
                result.put(p, member);
            }
        }
        for (int p = 0; p < partitions; p++) {
            if (!result.containsKey(p)) {
                for (String member : byOwned) {
                    long has = result.values().stream().filter(member::equals).count();
                    if (has < quota.get(member)) {
                        result.put(p, member);
                        break;
                    }
                }
            }
        }
        return result;
    }
}
