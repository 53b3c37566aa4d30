package ax650n.tuning.host;

import java.util.List;

/** A devfreq device ({@code /sys/class/devfreq/<name>}), e.g. the RK3588 memory controller {@code dmc}. */
public record Devfreq(String name, String governor, List<String> availableGovernors) {
    public Devfreq {
        availableGovernors = List.copyOf(availableGovernors);
    }

    public String governorPath() {
        return "/sys/class/devfreq/" + name + "/governor";
    }
}
