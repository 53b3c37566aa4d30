package ax650n.tuning.diag.rules;

import ax650n.tuning.pci.Aer;
import ax650n.tuning.pci.AerCounters;
import java.util.List;
import java.util.Optional;

/**
 * Rule {@code aer}: fatal or non-fatal errors counted by the kernel (sysfs {@code aer_dev_*}) or,
 * without those counters, unmasked uncorrectable status bits in the AER capability: bad
 * (transfers were lost). Correctable errors are corrected by the link and only mentioned (ok).
 */
final class AerRule implements Rule<CardFacts> {
    private static final String LOST = ": transfers were lost; check the card's seating and power";

    @Override
    public List<Recommendation> check(CardFacts c) {
        Optional<AerCounters> counters = c.aerCounters();
        if (counters.isPresent()) {
            return List.of(counted(c.subject(), counters.get()));
        }
        Optional<Aer> cap = c.aerCapability();
        if (cap.isPresent()) {
            return List.of(statusBits(c.subject(), cap.get()));
        }
        return List.of();
    }

    private static Recommendation counted(String bdf, AerCounters a) {
        long nf = a.nonFatal().orElse(0);
        long f = a.fatal().orElse(0);
        long c = a.correctable().orElse(0);
        String counts = "correctable " + c + ", non-fatal " + nf + ", fatal " + f + " since boot";
        if (nf > 0 || f > 0) {
            return Recommendation.of(Severity.BAD, "aer", bdf, "uncorrectable PCIe errors: " + counts + LOST, null);
        }
        return Recommendation.of(Severity.OK, "aer", bdf, c > 0 ? counts + " (corrected by link-level replay)"
                : "no PCIe errors since boot", null);
    }

    private static Recommendation statusBits(String bdf, Aer a) {
        List<String> unc = CardFacts.unmaskedUncorrectable(a);
        if (!unc.isEmpty()) {
            return Recommendation.of(Severity.BAD, "aer", bdf, "AER uncorrectable status: " + String.join(" ", unc) + LOST, null);
        }
        List<String> cor = a.correctableErrors();
        return Recommendation.of(Severity.OK, "aer", bdf, cor.isEmpty() ? "no AER error status bits set"
                : "AER correctable status " + String.join(" ", cor) + " (corrected by the link)", null);
    }
}
