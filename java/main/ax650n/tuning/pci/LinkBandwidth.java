package ax650n.tuning.pci;

import java.util.Optional;

/**
 * Bandwidth of a link per direction: lanes times the per-lane data rate after line encoding
 * (see {@link LinkSpeed} for the encoding per speed and the 64 GT/s choice).
 */
public record LinkBandwidth(LinkSpeed speed, int width) {

    public LinkBandwidth {
        if (speed == null || width <= 0) {
            throw new IllegalArgumentException("a link bandwidth needs a speed and a width > 0");
        }
    }

    static Optional<LinkBandwidth> of(LinkSpeed speed, int width) {
        return speed == null || width <= 0 ? Optional.empty() : Optional.of(new LinkBandwidth(speed, width));
    }

    /** Megabytes (10^6 bytes) per second in each direction. */
    public double megabytesPerSecond() {
        return speed.megabytesPerSecondPerLane() * width;
    }

    /** Gigabits (10^9 bits) per second in each direction. */
    public double gigabitsPerSecond() {
        return megabytesPerSecond() * 8.0 / 1000.0;
    }

    /**
     * {@link #megabytesPerSecond()} as a whole number, rounded half up as {@code %.0f} prints it
     * (without the Formatter: its first floating-point conversion loads the locale data, a
     * measurable part of diagnose's start-up).
     */
    public long wholeMegabytesPerSecond() {
        return Math.round(megabytesPerSecond());
    }

    @Override
    public String toString() {
        return speed.label() + " x" + width + " = " + wholeMegabytesPerSecond() + " MB/s per direction";
    }
}
