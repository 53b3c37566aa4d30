package ax650n.tuning.bench;

import ax650n.tuning.tune.Config;
import java.util.Objects;
import java.util.Optional;

/**
 * One side of an interleaved comparison: a host state (untuned, or tuned with a configuration)
 * and how the command is started. The bench's {@link Mode}s are three fixed arms; autotune makes
 * one arm per candidate setting.
 *
 * @param label what progress lines and reports call it
 * @param tuned false: the tuning reverted (then {@code config} is empty and the launch unpinned)
 * @param config the configuration to apply; empty with {@code tuned}: the mode switch's own
 * @param launch how the command is started
 */
public record Arm(String label, boolean tuned, Optional<Config> config, Launch launch) {
    public Arm {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(launch, "launch");
        if (!tuned && (config.isPresent() || launch.pinned())) {
            throw new IllegalArgumentException("an untuned arm has no configuration and is not pinned: " + label);
        }
    }

    /** The tuning reverted, the command unpinned. */
    public static Arm untuned(String label) {
        return new Arm(label, false, Optional.empty(), Launch.UNPINNED);
    }

    /** The mode switch's own configuration applied. */
    public static Arm tuned(String label, Launch launch) {
        return new Arm(label, true, Optional.empty(), launch);
    }

    /** {@code config} applied. */
    public static Arm of(String label, Config config, Launch launch) {
        return new Arm(label, true, Optional.of(config), launch);
    }

    /** The bench mode a run of this arm is recorded as (pinned either way counts as tuned+pinned). */
    public Mode mode() {
        return !tuned ? Mode.UNTUNED : launch.pinned() ? Mode.TUNED_PINNED : Mode.TUNED;
    }

    @Override
    public String toString() {
        return label;
    }
}
