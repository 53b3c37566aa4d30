package ax650n.tuning.cpu;

/** A cpuidle state of one CPU ({@code /sys/devices/system/cpu/cpuN/cpuidle/stateK}). */
public record IdleState(int cpu, int index, String name, long latencyUs, boolean disabled) {
    public String disablePath() {
        return "/sys/devices/system/cpu/cpu" + cpu + "/cpuidle/state" + index + "/disable";
    }
}
