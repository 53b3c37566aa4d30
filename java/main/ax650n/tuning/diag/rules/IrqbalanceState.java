package ax650n.tuning.diag.rules;

import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.host.IrqbalanceArgs;
import ax650n.tuning.host.IrqbalanceUnit;
import ax650n.tuning.pci.PciDevice;
import ax650n.tuning.tune.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether irqbalance runs and keeps away from the cards' IRQs.
 *
 * @param banned empty when irqbalance is not running or there is no card (nothing to ban)
 * @param how    what made it banned or not
 */
public record IrqbalanceState(boolean running, Optional<Boolean> banned, String how) {
    /**
     * Banned by our drop-in, or (without a drop-in) by the unit's own command line, each after
     * systemd's expansion of the environment files' variables.
     */
    public static IrqbalanceState of(HostSnapshot host, List<PciDevice> cards) {
        if (!host.irqbalanceRunning()) {
            return new IrqbalanceState(false, Optional.empty(), "not running");
        }
        if (cards.isEmpty()) {
            return new IrqbalanceState(true, Optional.empty(), "running; no card to keep it away from");
        }
        Set<String> mods = Planner.banModules(cards);
        List<Integer> irqs = new ArrayList<>();
        for (PciDevice c : cards) {
            irqs.addAll(c.msiIrqs());
        }
        IrqbalanceUnit unit = host.irqbalance();
        Optional<IrqbalanceArgs> dropinArgs = unit.dropinArgs();
        String dropinName = IrqbalanceUnit.dropinName();
        if (dropinArgs.isPresent() && dropinArgs.get().bansAll(mods, irqs)) {
            List<String> flags = new ArrayList<>();
            for (String m : mods) {
                flags.add("--banmod=" + m);
            }
            return new IrqbalanceState(true, Optional.of(true), "drop-in " + dropinName + ": " + String.join(" ", flags));
        }
        Optional<IrqbalanceArgs> unitArgs = unit.unitArgs();
        if (dropinArgs.isEmpty() && unitArgs.isPresent() && unitArgs.get().bansAll(mods, irqs)) {
            return new IrqbalanceState(true, Optional.of(true), "its unit's command line bans the card: " + unitArgs.get());
        }
        String why;
        if (unit.dropin().isPresent()) {
            why = "drop-in " + dropinName + " present but does not ban " + String.join(", ", mods);
        } else if (unitArgs.isEmpty()) {
            why = "no irqbalance.service unit found and no " + dropinName;
        } else {
            why = "no " + dropinName + " and no --banmod=/--banirq= for the card";
        }
        return new IrqbalanceState(true, Optional.of(false), why);
    }
}
