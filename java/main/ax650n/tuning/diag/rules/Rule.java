package ax650n.tuning.diag.rules;

import java.util.List;

/**
 * One rule of {@code ax650n-diagnose}: reads typed facts and returns its findings (none when it
 * does not apply). A rule parses nothing and reads nothing from the host: the snapshot and
 * {@link CardFacts} carry everything already decoded. Each rule is a file named after what it
 * checks; {@link Rules} lists them in report order.
 *
 * @param <T> {@link CardFacts} for a rule about one card, {@link HostFacts} for one about the host
 */
public interface Rule<T> {
    List<Recommendation> check(T facts);
}
