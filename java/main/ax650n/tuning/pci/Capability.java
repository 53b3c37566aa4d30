package ax650n.tuning.pci;

import ax650n.tuning.sys.Ascii;

/**
 * One entry of a capability list.
 *
 * @param offset   where it sits in config space
 * @param id       capability ID (8 bits for the standard list, 16 bits for extended ones)
 * @param version  the extended capability version (bits 19:16 of its header); 0 for standard ones
 * @param extended whether it comes from the extended list at 0x100
 * @param name     a human name for the ID ("Unknown" plus the ID for unassigned ones)
 */
public record Capability(int offset, int id, int version, boolean extended, String name) {

    @Override
    public String toString() {
        return extended
                ? "[" + Ascii.hex(offset, 3) + "] " + name + " (ext 0x" + Ascii.hex(id, 4) + " v" + version + ")"
                : "[" + Ascii.hex(offset, 2) + "] " + name + " (0x" + Ascii.hex(id, 2) + ")";
    }
}
