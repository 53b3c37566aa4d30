package ax650n.tuning.packaging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The symbol versions a 64-bit little-endian ELF shared object needs (its SHT_GNU_verneed
 * section: for each needed library a Verneed entry and its Vernaux entries, names in the
 * section's linked string table). An oracle independent of readelf for the libc6 minimum that
 * debian/libc6-min derives at build time.
 */
final class ElfVersionNeeds {
    private static final int SHT_GNU_VERNEED = 0x6ffffffe;

    private ElfVersionNeeds() {
    }

    /** "file:version" pairs, e.g. "libc.so.6:GLIBC_2.7", in section order. */
    static List<String> of(Path elf) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(elf)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < 64 || b.getInt(0) != 0x464c457f || b.get(4) != 2 || b.get(5) != 1) {
            throw new IOException(elf + ": not a 64-bit little-endian ELF file");
        }
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
        int shnum = Short.toUnsignedInt(b.getShort(0x3c));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            int sh = Math.toIntExact(shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) != SHT_GNU_VERNEED) {
                continue;
            }
            int off = Math.toIntExact(b.getLong(sh + 0x18));
            int link = b.getInt(sh + 0x28);
            int count = b.getInt(sh + 0x2c); // sh_info: the number of Verneed entries
            int strsh = Math.toIntExact(shoff + (long) link * shentsize);
            int strOff = Math.toIntExact(b.getLong(strsh + 0x18));
            // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
            int vn = off;
            for (int n = 0; n < count; n++) {
                int cnt = Short.toUnsignedInt(b.getShort(vn + 2));
                String file = string(b, strOff + b.getInt(vn + 4));
                // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                int aux = vn + b.getInt(vn + 8);
                for (int a = 0; a < cnt; a++) {
                    out.add(file + ":" + string(b, strOff + b.getInt(aux + 8)));
                    aux += b.getInt(aux + 12);
                }
                int next = b.getInt(vn + 12);
                if (next == 0) {
                    break;
                }
                vn += next;
            }
        }
        return out;
    }

    private static String string(ByteBuffer b, int at) {
        int end = at;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - at];
        b.get(at, s);
        return new String(s, StandardCharsets.US_ASCII);
    }
}
