package ax650n.tuning.pci;

/** Builds config-space byte arrays for tests, little-endian like the hardware. */
final class ConfigBytes {
    final byte[] b;

    ConfigBytes(int size) {
        b = new byte[size];
    }

    ConfigBytes u8(int off, int v) {
        b[off] = (byte) v;
        return this;
    }

    ConfigBytes u16(int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
        return this;
    }

    ConfigBytes u32(int off, int v) {
        u16(off, v);
        u16(off + 2, v >>> 16);
        return this;
    }

    /** A standard capability header. */
    ConfigBytes cap(int off, int id, int next) {
        return u8(off, id).u8(off + 1, next);
    }

    /** An extended capability header. */
    ConfigBytes ext(int off, int id, int version, int next) {
        return u32(off, id | version << 16 | next << 20);
    }

    /**
     * The AX650N as HOST-FACTS describes it on a one-lane slot: PM v3 at 0x40, MSI at 0x50
     * (4 vectors, 64-bit, maskable), Express v2 endpoint at 0x70 with DevCap MPS 128,
     * DevCtl MPS 128 / MRRS 512, LnkCap 5 GT/s x2 no ASPM, LnkSta 5 GT/s x1; AER at 0x100,
     * LTR at 0x148, L1 PM Substates at 0x150.
     */
    static ConfigBytes ax650n(int size) {
        ConfigBytes c = new ConfigBytes(size)
                .u16(0x00, 0x1f4b).u16(0x02, 0x0650).u16(0x04, 0x0406).u16(0x06, 0x0010)
                .u8(0x08, 0x01).u8(0x09, 0x00).u8(0x0a, 0x00).u8(0x0b, 0x04).u8(0x0e, 0x00)
                .u8(0x34, 0x40)
                .cap(0x40, 0x01, 0x50).u16(0x42, 0x0003).u16(0x44, 0x0000)
                .cap(0x50, 0x05, 0x70).u16(0x52, 0x0080 | 0x0100 | (2 << 1) | 1)
                .cap(0x70, 0x10, 0x00).u16(0x72, 0x0002)
                .u32(0x74, 0x0000_0000).u16(0x78, 0x2000).u16(0x7a, 0x0000)
                .u32(0x7c, 0x0000_0022).u16(0x80, 0x0000).u16(0x82, 0x0012)
                .u32(0x9c, 0x0000_0006);
        if (size >= 0x160) {
            c.ext(0x100, 0x0001, 2, 0x148)
                    .u32(0x104, 1 << 14).u32(0x108, 0).u32(0x10c, 0x00462030).u32(0x110, 1).u32(0x114, 0x2000)
                    .ext(0x148, 0x0018, 1, 0x150).u16(0x14c, 0x1003).u16(0x14e, 0x1003)
                    .ext(0x150, 0x001e, 1, 0x000).u32(0x154, 0x0028_281f).u32(0x158, 0x4032_280f).u32(0x15c, 0x0000_0028);
        }
        return c;
    }

    /** An RK3588 root port 1d87:3588 whose slot is wired x1, capable of 8 GT/s, now at 5 GT/s x1. */
    static ConfigBytes rk3588RootPort(int size) {
        return new ConfigBytes(size)
                .u16(0x00, 0x1d87).u16(0x02, 0x3588).u16(0x04, 0x0507).u16(0x06, 0x0010)
                .u8(0x0a, 0x04).u8(0x0b, 0x06).u8(0x0e, 0x01)
                .u8(0x18, 0x30).u8(0x19, 0x31).u8(0x1a, 0x31)
                .u8(0x34, 0x40)
                .cap(0x40, 0x01, 0x50).u16(0x42, 0x5bc3)
                .cap(0x50, 0x05, 0x70).u16(0x52, 0x0080)
                .cap(0x70, 0x10, 0xb0).u16(0x72, 0x0042)
                .u32(0x74, 0x0000_8001).u16(0x78, 0x2000)
                .u32(0x7c, 0x0040_0c13).u16(0x80, 0x0000).u16(0x82, 0x2012)
                .u32(0x9c, 0x0000_000e)
                .cap(0xb0, 0x11, 0x00).u16(0xb2, 0x0000);
    }
}
