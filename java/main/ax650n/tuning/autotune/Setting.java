package ax650n.tuning.autotune;

import ax650n.tuning.bench.Launch;
import ax650n.tuning.tune.Config;
import ax650n.tuning.tune.ConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A point of the search: one value per {@link Factor}, as the configuration file spells it
 * ({@code irq_cpus = 6}, {@code dmc_governor = performance}) and the launch's label. Immutable;
 * equal settings are equal whatever order they were built in.
 *
 * @param values every factor's value (an unmodifiable copy is kept)
 */
public record Setting(Map<Factor, String> values) {
    public Setting {
        for (Factor f : Factor.values()) {
            if (!values.containsKey(f)) {
                throw new IllegalArgumentException("no value for " + f);
            }
        }
        values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    /** The setting a configuration and a launch stand for. */
    public static Setting of(Config c, Launch launch) {
        Map<Factor, String> v = new EnumMap<>(Factor.class);
        v.put(Factor.IRQ_CPUS, c.irqCpus().isPresent() ? c.irqCpus().get().toList() : "auto");
        v.put(Factor.BIG_GOVERNOR, c.bigPerformance() ? "performance" : "none");
        v.put(Factor.LITTLE_GOVERNOR, c.littleGovernor().orElse("none"));
        v.put(Factor.DMC_GOVERNOR, c.dmcPerformance() ? "performance" : "none");
        v.put(Factor.IRQ_CPU_IDLE, c.shallowIdle() ? "shallow" : "default");
        v.put(Factor.PCIE_ASPM, c.aspmPerformance() ? "performance" : "default");
        v.put(Factor.LAUNCH, launch.label());
        return new Setting(v);
    }

    /** Every factor's value given (tests). */
    public static Setting of(Map<Factor, String> values) {
        return new Setting(values);
    }

    public String value(Factor f) {
        return values.get(f);
    }

    /** This setting with one factor changed. */
    public Setting with(Factor f, String value) {
        Map<Factor, String> v = new EnumMap<>(values);
        v.put(f, Objects.requireNonNull(value, "value"));
        return new Setting(v);
    }

    public Launch launch() {
        return Launch.ofLabel(values.get(Factor.LAUNCH));
    }

    /** The factors whose values differ from {@code other}'s. */
    public List<Factor> differences(Setting other) {
        List<Factor> d = new ArrayList<>();
        for (Factor f : Factor.values()) {
            if (!values.get(f).equals(other.values.get(f))) {
                d.add(f);
            }
        }
        return d;
    }

    /** {@code key = value} lines of the given config factors, in factor order. */
    public String configLines(List<Factor> factors) {
        StringBuilder sb = new StringBuilder();
        for (Factor f : Factor.values()) {
            if (f.configKey() && factors.contains(f)) {
                sb.append(f.key()).append(" = ").append(values.get(f)).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * The configuration of this setting: {@code base}'s cards and irqbalance choice with this
     * setting's values, parsed by the one configuration grammar (so a value the grammar refuses
     * is refused here too).
     */
    public Config config(Config base) throws ConfigException {
        StringBuilder text = new StringBuilder();
        List<String> cards = new ArrayList<>();
        for (Config.CardId id : base.cards()) {
            cards.add(id.toString());
        }
        text.append("cards = ").append(String.join(",", cards)).append('\n');
        text.append("irqbalance = ").append(base.banIrqbalance() ? "ban" : "ignore").append('\n');
        List<Factor> all = new ArrayList<>(List.of(Factor.values()));
        text.append(configLines(all));
        return Config.parse(text.toString(), "autotune candidate");
    }

    /** {@code irq_cpus=auto big_governor=performance ... launch=big}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Factor f : Factor.values()) {
            parts.add(f.key() + "=" + values.get(f));
        }
        return String.join(" ", parts);
    }
}
