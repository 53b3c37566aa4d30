package ax650n.tuning.sys;

import java.util.Optional;

/**
 * An enum constant with the word a person reads and a script greps for it ({@code applied},
 * {@code irq-affinity}, {@code tuned+pinned}, {@code 5GT/s}). Each such enum holds its label in
 * a field given in its constant list, so the text is where the constant is.
 */
public interface Labelled {
    String label();

    /** The constant of {@code values} whose {@link #label()} is {@code label}. */
    static <E extends Enum<E> & Labelled> Optional<E> byLabel(E[] values, String label) {
        for (E e : values) {
            if (e.label().equals(label)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
