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

    @Override
    public String toString() {
        return String.format("%s x%d = %.0f MB/s per direction", speed.label(), width, megabytesPerSecond());
    }
}
