package ax650n.tuning.diag.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Every rule of {@code ax650n-diagnose}, in report order. The report lists the findings of
 * {@link #BEFORE_CARDS}, then for each card (BDF order) those of {@link #CARD} (a pasted dump:
 * {@link #DUMP_CARD}), then those of {@link #AFTER_CARDS}. Finding ids, in JSON and text:
 * <ul>
 * <li>{@code config}: {@link IrqCpusConfigRule}</li>
 * <li>{@code driver}: {@link DriverRule}</li>
 * <li>{@code config-space}: {@link ConfigSpaceRule}</li>
 * <li>{@code link}: {@link LinkRule}</li>
 * <li>{@code link-active}: {@link LinkActiveRule}</li>
 * <li>{@code max-payload}: {@link PayloadRule}</li>
 * <li>{@code max-read-request}: {@link ReadRequestRule}</li>
 * <li>{@code aspm}: {@link AspmRule}</li>
 * <li>{@code aer}: {@link AerRule}</li>
 * <li>{@code irq-cpu}, {@code irq-missing}: {@link IrqCpuRule}</li>
 * <li>{@code governor}: {@link GovernorRule}</li>
 * <li>{@code governor-owner}: {@link GovernorOwnerRule}</li>
 * <li>{@code irqbalance}: {@link IrqbalanceRule}</li>
 * </ul>
 */
public final class Rules {
    /** Host rules reported before the cards. */
    public static final List<Rule<HostFacts>> BEFORE_CARDS = List.of(new IrqCpusConfigRule());
    /** Rules about one card of a host. */
    public static final List<Rule<CardFacts>> CARD = List.of(new DriverRule(), new ConfigSpaceRule(), new LinkRule(),
            new LinkActiveRule(), new PayloadRule(), new ReadRequestRule(), new AspmRule(), new AerRule(), new IrqCpuRule());
    /** Rules about one card of a pasted dump: what its config space shows (no driver, no IRQs there). */
    public static final List<Rule<CardFacts>> DUMP_CARD = List.of(new ConfigSpaceRule(), new LinkRule(),
            new LinkActiveRule(), new PayloadRule(), new ReadRequestRule(), new AspmRule(), new AerRule());
    /** Host rules reported after the cards. */
    public static final List<Rule<HostFacts>> AFTER_CARDS = List.of(new GovernorRule(), new GovernorOwnerRule(),
            new IrqbalanceRule());

    private Rules() {
    }

    /** The findings of {@code rules} on {@code facts}, in list order, added to {@code out}. */
    public static <T> void run(List<Rule<T>> rules, T facts, List<Recommendation> out) {
        for (Rule<T> r : rules) {
            out.addAll(r.check(facts));
        }
    }

    /** The findings of {@code rules} on {@code facts}, in list order. */
    public static <T> List<Recommendation> run(List<Rule<T>> rules, T facts) {
        List<Recommendation> out = new ArrayList<>();
        run(rules, facts, out);
        return out;
    }
}
