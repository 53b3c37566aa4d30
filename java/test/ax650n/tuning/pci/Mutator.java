package ax650n.tuning.pci;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Seeded generator of hostile config spaces: random bytes and mutations of real dumps. */
final class Mutator {
    private static final int[] LENGTHS = {0, 1, 63, 64, 65, 128, 255, 256, 257, 1024, 4095, 4096, 4097};
    private final Random rnd;
    private final List<byte[]> seeds;

    Mutator(long seed, List<byte[]> seeds) {
        this.rnd = new Random(seed);
        this.seeds = seeds;
    }

    /** The next input; never null. */
    byte[] next() {
        int kind = rnd.nextInt(10);
        if (kind == 0 || seeds.isEmpty()) {
            byte[] b = new byte[LENGTHS[rnd.nextInt(LENGTHS.length)]];
            rnd.nextBytes(b);
            if (b.length > 0x34 && rnd.nextBoolean()) {
                b[6] |= 0x10; // claim a capability list so the walk runs
            }
            return b;
        }
        byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
        int mutations = 1 + rnd.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            b = mutate(b);
        }
        return b;
    }

    private byte[] mutate(byte[] b) {
        switch (rnd.nextInt(9)) {
            case 0: // truncate, often to a boundary
                return Arrays.copyOf(b, rnd.nextBoolean() ? LENGTHS[rnd.nextInt(LENGTHS.length)] : rnd.nextInt(b.length + 1));
            case 1: { // a standard capability pointing back to an earlier one (cycle)
                int[] caps = standardCaps(b);
                if (caps.length > 0) {
                    int from = caps[rnd.nextInt(caps.length)];
                    b[from + 1] = (byte) caps[rnd.nextInt(caps.length)];
                }
                return b;
            }
            case 2: // pointer into the header, or odd alignment
                if (b.length > 0x34) {
                    int[] caps = standardCaps(b);
                    int at = caps.length > 0 && rnd.nextBoolean() ? caps[rnd.nextInt(caps.length)] + 1 : 0x34;
                    if (at < b.length) {
                        b[at] = (byte) rnd.nextInt(0x44);
                    }
                }
                return b;
            case 3: // extended chain pointing backwards or to itself
                if (b.length >= 0x104) {
                    int at = 0x100 + 4 * rnd.nextInt(Math.max(1, (Math.min(b.length, 4096) - 0x100) / 4));
                    if (at + 4 <= b.length) {
                        int back = 4 * rnd.nextInt(at / 4 + 1);
                        int header = (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
                        header = (header & 0x000fffff) | back << 20;
                        if ((header & 0xffff) == 0 && rnd.nextBoolean()) {
                            header |= 1;
                        }
                        b[at] = (byte) header;
                        b[at + 1] = (byte) (header >> 8);
                        b[at + 2] = (byte) (header >> 16);
                        b[at + 3] = (byte) (header >>> 24);
                    }
                }
                return b;
            case 4: // id 0xff (broken chain)
            {
                int[] caps = standardCaps(b);
                if (caps.length > 0) {
                    b[caps[rnd.nextInt(caps.length)]] = (byte) 0xff;
                }
                return b;
            }
            case 5: // random byte flips
                for (int i = 0, k = 1 + rnd.nextInt(8); i < k && b.length > 0; i++) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return b;
            case 6: // header type / status bits
                if (b.length > 0x0e) {
                    b[0x0e] = (byte) rnd.nextInt(256);
                    b[6] ^= 0x10;
                }
                return b;
            case 7: // random bytes inside a capability's registers
            {
                int[] caps = standardCaps(b);
                if (caps.length > 0) {
                    int at = caps[rnd.nextInt(caps.length)] + 2 + rnd.nextInt(0x3c);
                    if (at < b.length) {
                        b[at] = (byte) rnd.nextInt(256);
                    }
                }
                return b;
            }
            default: // grow or shrink to an odd length
                return Arrays.copyOf(b, Math.max(0, b.length + rnd.nextInt(64) - 32));
        }
    }

    /** Offsets of the standard capabilities, walked naively (bounded). */
    static int[] standardCaps(byte[] b) {
        if (b.length < 0x40) {
            return new int[0];
        }
        int[] out = new int[64];
        int n = 0;
        int where = b[0x34] & 0xfc;
        boolean[] seen = new boolean[256];
        while (where != 0 && where + 2 <= b.length && !seen[where] && n < out.length) {
            seen[where] = true;
            out[n++] = where;
            where = b[where + 1] & 0xfc;
        }
        return Arrays.copyOf(out, n);
    }
}
