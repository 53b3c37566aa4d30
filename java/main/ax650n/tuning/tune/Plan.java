package ax650n.tuning.tune;

import ax650n.tuning.sys.Bdf;
import java.util.List;
import java.util.Map;

/**
 * What the tuning wants on a host: changes in apply order, notes for a person (a card without
 * driver, an unavailable governor), and the CPU chosen for each card's IRQs.
 */
public record Plan(List<Change> changes, List<String> notes, Map<Bdf, Integer> cardCpus) {
    public Plan {
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
        cardCpus = Map.copyOf(cardCpus);
    }
}
