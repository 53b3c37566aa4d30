package ax650n.tuning.autotune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ax650n.tuning.bench.HostTrees;
import ax650n.tuning.bench.Launch;
import ax650n.tuning.host.HostScope;
import ax650n.tuning.host.HostSnapshot;
import ax650n.tuning.sys.CpuSet;
import ax650n.tuning.sys.SysRoot;
import ax650n.tuning.tune.Config;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The search alone, with an injected measuring function: a known speed per setting plus seeded noise. */
class SearchTest {
    private static final Setting START = Setting.of(Config.defaults(), Launch.BIG);

    /** Speeds from a function of the setting, noise uniform in +-amp, 5 runs a side, A B A B. */
    private static final class FakeMeasure implements Search.Measure {
        final ToDoubleFunction<Setting> speed;
        final Random noise;
        final double amp;
        java.util.function.Predicate<Setting> failing = s -> false;
        final List<String> calls = new ArrayList<>();
        long clock;
        long perComparison;

        FakeMeasure(ToDoubleFunction<Setting> speed, long seed, double amp) {
            this.speed = speed;
            this.noise = new Random(seed);
            this.amp = amp;
        }

        Comparison runs(Setting baseline, Setting candidate, boolean untuned) {
            clock += perComparison;
            List<Comparison.Run> r = new ArrayList<>();
            for (int round = 1; round <= 5; round++) {
                r.add(run(Comparison.Side.BASELINE, round, untuned ? 1.0 : speed.applyAsDouble(baseline), false));
                r.add(run(Comparison.Side.CANDIDATE, round, speed.applyAsDouble(candidate), failing.test(candidate)));
            }
            return new Comparison(r, 0);
        }

        private Comparison.Run run(Comparison.Side side, int round, double v, boolean fail) {
            double x = v * (1 + amp * (2 * noise.nextDouble() - 1));
            return fail ? new Comparison.Run(side, round, false, OptionalDouble.empty(), "exit status 3", 0)
                    : new Comparison.Run(side, round, false, OptionalDouble.of(x), null, 0);
        }

        @Override
        public Comparison compare(Setting best, Setting candidate) {
            calls.add(candidate.differences(best).toString());
            return runs(best, candidate, false);
        }

        @Override
        public Comparison againstUntuned(Setting winner) {
            calls.add("final");
            return runs(null, winner, true);
        }
    }

    private static final Space SMALL = new Space(Map.of(
            Factor.IRQ_CPUS, List.of(new Space.Value("auto", ""), new Space.Value("5", ""), new Space.Value("6", "")),
            Factor.LITTLE_GOVERNOR, List.of(new Space.Value("none", ""), new Space.Value("performance", "")),
            Factor.DMC_GOVERNOR, List.of(new Space.Value("none", ""), new Space.Value("performance", ""))));

    /** IRQ on 6: +20 %, dmc: +8 %, little governor: nothing. */
    private static double speed(Setting s) {
        double v = 10;
        if (s.value(Factor.IRQ_CPUS).equals("6")) {
            v *= 1.2;
        }
        if (s.value(Factor.DMC_GOVERNOR).equals("performance")) {
            v *= 1.08;
        }
        return v;
    }

    private static Search search(Search.Measure m, boolean higher, long budget, FakeMeasure clock) {
        return new Search(SMALL, m, () -> higher, budget, () -> clock.clock, t -> { });
    }

    @Test
    void findsTheOptimumAndKeepsNoFactorWithoutEffect() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            FakeMeasure m = new FakeMeasure(SearchTest::speed, seed, 0.01);
            Search.Outcome o = search(m, true, Long.MAX_VALUE, m).run(START);
            assertEquals(START.with(Factor.IRQ_CPUS, "6").with(Factor.DMC_GOVERNOR, "performance"), o.winner(),
                    "seed " + seed);
            assertEquals(List.of(Factor.IRQ_CPUS, Factor.DMC_GOVERNOR), o.changed());
            assertEquals(Search.Stop.CONVERGED, o.stop());
            assertEquals(2, o.passes());
            for (Search.Trial t : o.trials()) {
                if (t.factor() == Factor.LITTLE_GOVERNOR) {
                    assertEquals(Search.Verdict.REJECTED, t.verdict(), t.reason());
                }
                if (t.verdict() == Search.Verdict.KEPT) {
                    assertTrue(t.effect().low() > 1 && t.confirmedEffect().low() > 1, t.toString());
                }
            }
            // the final figures: winner against untuned (baseline 1.0 here): about 12.96
            assertEquals(12.96, o.finalEffect().ratio(), 0.2);
            assertEquals("final", m.calls.get(m.calls.size() - 1));
        }
    }

    @Test
    void aKeptCandidateIsMeasuredTwiceAndPassTwoSkipsPairsAlreadyMeasured() throws Exception {
        FakeMeasure m = new FakeMeasure(SearchTest::speed, 5, 0.01);
        search(m, true, Long.MAX_VALUE, m).run(START);
        // pass 1: 5, 6 (kept: twice), then 5 against the new best, little, dmc (kept: twice);
        // pass 2: every pair against the final best not yet measured (auto and 5, little, dmc back
        // to none: that pair runs the other way round); then the final one
        assertEquals(List.of("[irq_cpus]", "[irq_cpus]", "[irq_cpus]", "[little_governor]", "[dmc_governor]",
                "[dmc_governor]", "[irq_cpus]", "[irq_cpus]", "[little_governor]", "[dmc_governor]", "final"), m.calls);
    }

    @Test
    void aCandidateWithAFailedRunIsRejectedEvenWhenFaster() throws Exception {
        FakeMeasure m = new FakeMeasure(SearchTest::speed, 3, 0.01);
        m.failing = s -> s.value(Factor.IRQ_CPUS).equals("6");
        Search.Outcome o = search(m, true, Long.MAX_VALUE, m).run(START);
        assertEquals("auto", o.winner().value(Factor.IRQ_CPUS));
        assertEquals("performance", o.winner().value(Factor.DMC_GOVERNOR));
        List<Search.Trial> six = o.trials().stream().filter(t -> t.value().equals("6")).toList();
        assertEquals(2, six.size(), "tried in both passes");
        for (Search.Trial t : six) {
            assertEquals(Search.Verdict.FAILED, t.verdict());
            assertEquals("5 of 5 runs failed: exit status 3", t.reason());
        }
    }

    @Test
    void lowerIsBetterKeepsWhatLowersTheMetric() throws Exception {
        // a latency: IRQ on 6 halves it
        FakeMeasure m = new FakeMeasure(s -> s.value(Factor.IRQ_CPUS).equals("6") ? 5 : 10, 9, 0.01);
        Search.Outcome o = search(m, false, Long.MAX_VALUE, m).run(START);
        assertEquals("6", o.winner().value(Factor.IRQ_CPUS));
        assertEquals("none", o.winner().value(Factor.DMC_GOVERNOR));
    }

    @Test
    void theBudgetStopsTheSearchButNotTheFinalComparison() throws Exception {
        FakeMeasure m = new FakeMeasure(SearchTest::speed, 4, 0.01);
        m.perComparison = 60;
        Search.Outcome o = search(m, true, 150, m).run(START);
        assertEquals(Search.Stop.BUDGET, o.stop());
        // 0 s: 5; 60: 6 (+ its confirmation, to 180); the budget is spent before the next one
        assertEquals(List.of("[irq_cpus]", "[irq_cpus]", "[irq_cpus]", "final"), m.calls);
        assertEquals("6", o.winner().value(Factor.IRQ_CPUS));
    }

    @Test
    void settingsWithTheSameHostStateAreNotMeasured() throws Exception {
        FakeMeasure inner = new FakeMeasure(SearchTest::speed, 2, 0.01);
        Search.Measure m = new Search.Measure() {
            @Override
            public Comparison compare(Setting best, Setting candidate) {
                return inner.compare(best, candidate);
            }

            @Override
            public Comparison againstUntuned(Setting winner) {
                return inner.againstUntuned(winner);
            }

            @Override
            public Optional<Object> state(Setting s) {
                // the little governor writes nothing on this host
                return Optional.of(List.of(s.value(Factor.IRQ_CPUS), s.value(Factor.DMC_GOVERNOR)));
            }
        };
        Search.Outcome o = search(m, true, Long.MAX_VALUE, inner).run(START);
        Search.Trial little = o.trials().stream().filter(t -> t.factor() == Factor.LITTLE_GOVERNOR).findFirst()
                .orElseThrow();
        assertEquals(Search.Verdict.SAME, little.verdict());
        assertNull(little.comparison());
        assertFalse(inner.calls.contains("[little_governor]"), inner.calls::toString);
    }

    @Test
    void factorsSettingsAndTheSpaceOfTheCm3588() throws Exception {
        assertEquals(List.of(Factor.IRQ_CPUS, Factor.LAUNCH), Factor.parseList("launch, irq_cpus"));
        assertEquals("unknown factor 'turbo' (known: irq_cpus, big_governor, little_governor, dmc_governor,"
                + " irq_cpu_idle, pcie_aspm, launch)",
                assertThrows(IllegalArgumentException.class, () -> Factor.parseList("irq_cpus,turbo")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Factor.parseList("launch,launch"));
        assertThrows(IllegalArgumentException.class, () -> Factor.parseList("launch,"));

        Setting s = START.with(Factor.IRQ_CPUS, "6").with(Factor.LITTLE_GOVERNOR, "powersave")
                .with(Factor.IRQ_CPU_IDLE, "shallow").with(Factor.LAUNCH, "big-except-irq");
        Config c = s.config(Config.defaults());
        assertEquals(CpuSet.of(6), c.irqCpus().orElseThrow());
        assertEquals(Optional.of("powersave"), c.littleGovernor());
        assertTrue(c.shallowIdle() && c.bigPerformance() && !c.dmcPerformance() && c.banIrqbalance());
        assertEquals(s, Setting.of(c, Launch.BIG_EXCEPT_IRQ));
        assertEquals("irq_cpus = 6\nirq_cpu_idle = shallow\n", s.configLines(List.of(Factor.IRQ_CPUS,
                Factor.IRQ_CPU_IDLE, Factor.LAUNCH)));

        Space space = Space.of(HostSnapshot.read(SysRoot.of(HostTrees.testHost("cm3588")), HostScope.EVERYTHING));
        Map<Factor, List<String>> values = new EnumMap<>(Factor.class);
        for (Factor f : space.factors()) {
            values.put(f, space.values(f).stream().map(Space.Value::value).toList());
        }
        assertEquals(List.of("auto", "4", "5", "6", "7", "0"), values.get(Factor.IRQ_CPUS));
        assertEquals(List.of("performance", "none"), values.get(Factor.BIG_GOVERNOR));
        assertEquals(List.of("none", "performance", "powersave"), values.get(Factor.LITTLE_GOVERNOR));
        assertEquals(List.of("none", "performance"), values.get(Factor.DMC_GOVERNOR));
        assertEquals(List.of("default", "shallow"), values.get(Factor.IRQ_CPU_IDLE));
        assertEquals(List.of("default", "performance"), values.get(Factor.PCIE_ASPM));
        assertEquals(List.of("big", "unpinned", "big-except-irq"), values.get(Factor.LAUNCH));
        assertEquals(Optional.of("little core, cluster policy0: another cluster than the runtime's"),
                space.note(Factor.IRQ_CPUS, "0"));
        assertEquals(List.of(Factor.IRQ_CPUS, Factor.LAUNCH), space.only(List.of(Factor.IRQ_CPUS, Factor.LAUNCH))
                .factors());
    }
}
