package ax650n.tuning.pci;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Robustness: the decoder terminates on every input, throws only ConfigSpaceException (and only
 * below 64 bytes), and reports what it could not decode.
 */
class ConfigSpaceFuzzTest {
    static final int INPUTS = 120_000;

    @Test
    void hundredThousandHostileInputs() throws Exception {
        Stats s = run(0xA650L, INPUTS);
        System.out.printf("fuzz: %d inputs in %d ms (%d unusable, %d with findings, %d with missing parts)%n",
                s.inputs, s.millis, s.rejected, s.withFindings, s.withMissing);
        assertEquals(INPUTS, s.inputs);
        assertTrue(s.rejected > 0, "some inputs are below 64 bytes");
        assertTrue(s.withFindings > 1000, "mutations must produce findings, got " + s.withFindings);
        assertTrue(s.withMissing > 1000, "truncations must produce missing parts, got " + s.withMissing);
    }

    @Test
    @Tag("soak")
    void soak() throws Exception {
        long seed = Long.getLong("ax650n.tuning.soak.seed", System.nanoTime());
        int n = Integer.getInteger("ax650n.tuning.soak.inputs", 5_000_000);
        System.out.println("soak seed " + seed);
        Stats s = run(seed, n);
        System.out.printf("soak: %d inputs in %d ms%n", s.inputs, s.millis);
    }

    record Stats(int inputs, long millis, int rejected, int withFindings, int withMissing) {
    }

    static Stats run(long seed, int n) throws Exception {
        List<byte[]> seeds = TestDumps.seeds();
        Mutator m = new Mutator(seed, seeds);
        int rejected = 0;
        int findings = 0;
        int missing = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            byte[] in = m.next();
            try {
                ConfigSpace cs = ConfigSpace.decode(in);
                check(in, cs);
                if (!cs.findings().isEmpty()) {
                    findings++;
                }
                if (!cs.missing().isEmpty()) {
                    missing++;
                }
            } catch (ConfigSpaceException e) {
                if (in.length >= ConfigSpace.HEADER_SIZE) {
                    fail("rejected a " + in.length + "-byte input (seed " + seed + ", input " + i + "): " + e.getMessage());
                }
                rejected++;
            } catch (RuntimeException e) {
                throw new AssertionError("decoder threw on input " + i + " of seed " + seed + ": " + hex(in), e);
            }
        }
        return new Stats(n, (System.nanoTime() - t0) / 1_000_000, rejected, findings, missing);
    }

    /** Invariants that hold for any decode. */
    static void check(byte[] in, ConfigSpace cs) {
        assertNotNull(cs.header());
        assertEquals(Math.min(in.length, 4096), cs.length());
        for (Capability c : cs.capabilities().entries()) {
            assertTrue(c.offset() >= 0 && c.offset() + 4 <= in.length, "capability inside the bytes");
            assertFalse(c.extended());
        }
        assertTrue(cs.capabilities().entries().size() <= 64);
        assertTrue(cs.extendedCapabilities().entries().size() <= 1024);
        for (Capability c : cs.extendedCapabilities().entries()) {
            assertTrue(c.offset() + 4 <= in.length, "extended capability inside the bytes");
        }
        CapabilityChain.End end = cs.capabilities().end();
        if (end == CapabilityChain.End.LOOPED || end == CapabilityChain.End.BROKEN) {
            assertFalse(cs.findings().isEmpty(), "a broken chain is a finding");
        }
        if (end == CapabilityChain.End.UNREADABLE) {
            assertFalse(cs.missing().isEmpty(), "an unreadable chain is listed as missing");
        }
        // derived values never throw
        cs.link().ifPresent(l -> {
            l.currentBandwidth();
            l.capableBandwidth();
            l.speedDowngraded();
            l.widthDowngraded();
            l.aspmSupportLabel();
            l.aspmControlLabel();
            l.l0sExitLatency();
            l.l1ExitLatency();
            LinkLimit.of(l, l);
        });
        cs.express().ifPresent(e -> {
            e.supportedSpeeds();
            e.portTypeLabel();
        });
        cs.ltr().ifPresent(t -> t.maxSnoopLatencyNs());
        cs.l1PmSubstates().ifPresent(p -> {
            p.ltrL12ThresholdNs();
            p.powerOnTimeUs();
            p.portPowerOnTimeUs();
        });
        cs.aer().ifPresent(a -> a.uncorrectableErrors());
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
