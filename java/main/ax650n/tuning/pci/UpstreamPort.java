package ax650n.tuning.pci;

import ax650n.tuning.sys.Bdf;
import java.util.Optional;

/**
 * The port directly above a card in a pasted {@code lspci -xxx} dump, which has no sysfs path to
 * read it from (on a host it is the last bridge of the card's sysfs path,
 * {@link PciDevice#upstreamPort()}).
 */
public final class UpstreamPort {
    private UpstreamPort() {
    }

    /**
     * The dump's bridge in the card's domain whose secondary..subordinate bus range holds the
     * card's bus; the narrowest such range when bridges nest. Devices whose bytes do not decode
     * as a header are skipped.
     */
    public static Optional<LspciDump.Device> inDump(LspciDump.Result dump, Bdf card) {
        LspciDump.Device best = null;
        int bestSpan = Integer.MAX_VALUE;
        for (LspciDump.Device d : dump.devices()) {
            if (d.bdf().domain() != card.domain() || d.bdf().compareTo(card) == 0
                    || d.bytes().length < ConfigSpace.HEADER_SIZE) {
                continue;
            }
            Header h;
            try {
                h = ConfigSpace.decode(d.bytes()).header();
            } catch (ConfigSpaceException e) {
                continue;
            }
            if (h.buses().isEmpty()) {
                continue;
            }
            Header.BridgeBuses bb = h.buses().get();
            if (bb.secondary() <= card.bus() && card.bus() <= bb.subordinate()) {
                int span = bb.subordinate() - bb.secondary();
                if (span < bestSpan) {
                    best = d;
                    bestSpan = span;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
