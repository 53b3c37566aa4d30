#!/usr/bin/env python3
"""Generates the folder-tree test hosts under java/testdata/hosts/.

Each host is a tree laid out like / holding only the sysfs/procfs files the host model reads,
with relative symlinks where sysfs has them. Values follow ../../../shared/HOST-FACTS.md (kept in
the project as the source of facts); the reasoning for derived values is in the comments.

Deterministic and re-runnable: each host tree is deleted and rebuilt.
    python3 java/testdata/hosts/make-hosts.py            # rebuild all trees + .lspci dumps
    python3 java/testdata/hosts/make-hosts.py --check    # rebuild into a temp dir, diff with git's

Also writes <host>.lspci: an `lspci -xxxx` style hex dump of every PCI device of the host, which
`lspci -F <host>.lspci -vvv` decodes (the independent oracle for the config bytes).
"""
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------------------------
# small file helpers

class Tree:
    def __init__(self, root):
        self.root = root

    def p(self, host_path):
        assert host_path.startswith('/')
        return os.path.join(self.root, host_path[1:])

    def write(self, host_path, text):
        """A sysfs/procfs text attribute: ends with a newline, as the kernel prints it."""
        if not text.endswith('\n'):
            text += '\n'
        self.write_bytes(host_path, text.encode())

    def write_bytes(self, host_path, data):
        path = self.p(host_path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'wb') as f:
            f.write(data)

    def mkdir(self, host_path):
        os.makedirs(self.p(host_path), exist_ok=True)

    def link(self, host_path, target_host_path):
        """A relative symlink at host_path pointing at target_host_path (both absolute host paths)."""
        path = self.p(host_path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        rel = os.path.relpath(target_host_path, os.path.dirname(host_path))
        os.symlink(rel, path)


def cpulist(cpus):
    """Kernel list form of a set of CPUs: 0-3,6."""
    cpus = sorted(cpus)
    parts, i = [], 0
    while i < len(cpus):
        j = i
        while j + 1 < len(cpus) and cpus[j + 1] == cpus[j] + 1:
            j += 1
        parts.append(str(cpus[i]) if i == j else '%d-%d' % (cpus[i], cpus[j]))
        i = j + 1
    return ','.join(parts)


def cpumask(cpus, ncpus):
    """Kernel hex mask form, 32-bit groups separated by commas, width of nr_cpu_ids."""
    v = 0
    for c in cpus:
        v |= 1 << c
    groups = []
    nbits = max(ncpus, 1)
    ngroups = (nbits + 31) // 32
    for g in range(ngroups):
        bits = min(32, nbits - 32 * g)
        groups.append('%0*x' % ((bits + 3) // 4, (v >> (32 * g)) & 0xffffffff))
    return ','.join(reversed(groups))


# ---------------------------------------------------------------------------------------------
# PCI config space builder

class Config:
    def __init__(self, size=4096):
        self.b = bytearray(size)

    def w8(self, off, v):
        self.b[off] = v & 0xff

    def w16(self, off, v):
        struct.pack_into('<H', self.b, off, v & 0xffff)

    def w32(self, off, v):
        struct.pack_into('<I', self.b, off, v & 0xffffffff)

    def header(self, vendor, device, command, status, revision, class_code, header_type):
        self.w16(0x00, vendor)
        self.w16(0x02, device)
        self.w16(0x04, command)
        self.w16(0x06, status)
        self.w8(0x08, revision)
        self.w8(0x09, class_code & 0xff)          # prog-if
        self.w8(0x0a, (class_code >> 8) & 0xff)   # subclass
        self.w8(0x0b, (class_code >> 16) & 0xff)  # base class
        self.w8(0x0e, header_type)

    def cap(self, off, cap_id, nxt):
        self.w8(off, cap_id)
        self.w8(off + 1, nxt)

    def ext_cap(self, off, cap_id, version, nxt):
        self.w32(off, cap_id | (version << 16) | (nxt << 20))

    def bytes(self):
        return bytes(self.b)


# AER (extended capability 0x0001, version 2). Spec defaults: uncorrectable mask UncorrIntErr,
# severity DLP SDES FCP RxOF MalfTLP UncorrIntErr, correctable mask AdvNonFatal CorrInt HeaderOF.
def aer(cfg, off, nxt, root_port):
    cfg.ext_cap(off, 0x0001, 2, nxt)
    cfg.w32(off + 0x04, 0)            # uncorrectable status
    cfg.w32(off + 0x08, 0x00400000)   # uncorrectable mask
    cfg.w32(off + 0x0c, 0x00462030)   # uncorrectable severity
    cfg.w32(off + 0x10, 0)            # correctable status
    cfg.w32(off + 0x14, 0x0000e000)   # correctable mask
    cfg.w32(off + 0x18, 0x000000a0)   # ECRC generation/check capable, not enabled
    if root_port:
        cfg.w32(off + 0x2c, 0x00000007)  # root error command: report correctable, nonfatal, fatal


def pm(cfg, off, nxt, pmc, pmcsr=0x0008):
    cfg.cap(off, 0x01, nxt)
    cfg.w16(off + 2, pmc)
    cfg.w16(off + 4, pmcsr)


def msi(cfg, off, nxt, log2_capable, enabled, log2_enabled, is64, maskable, address, data):
    ctl = (log2_capable << 1) | (log2_enabled << 4)
    if enabled:
        ctl |= 1
    if is64:
        ctl |= 0x80
    if maskable:
        ctl |= 0x100
    cfg.cap(off, 0x05, nxt)
    cfg.w16(off + 2, ctl)
    cfg.w32(off + 4, address & 0xffffffff)
    if is64:
        cfg.w32(off + 8, address >> 32)
        cfg.w16(off + 12, data)
    else:
        cfg.w16(off + 8, data)


def msix(cfg, off, nxt, table_size, enabled, table_bir, table_off, pba_bir, pba_off):
    ctl = (table_size - 1) | (0x8000 if enabled else 0)
    cfg.cap(off, 0x11, nxt)
    cfg.w16(off + 2, ctl)
    cfg.w32(off + 4, table_off | table_bir)
    cfg.w32(off + 8, pba_off | pba_bir)


# PCI Express capability (version 2, 0x3c bytes). Link speed codes: 1=2.5 2=5 3=8 GT/s.
def pcie(cfg, off, nxt, port_type, devcap, devctl, lnkcap, lnkctl, lnksta, devcap2=0, devctl2=0,
         lnkcap2=0, lnkctl2=0, lnksta2=0, rootctl=None, rootcap=0):
    cfg.cap(off, 0x10, nxt)
    cfg.w16(off + 0x02, 0x0002 | (port_type << 4))
    cfg.w32(off + 0x04, devcap)
    cfg.w16(off + 0x08, devctl)
    cfg.w16(off + 0x0a, 0)
    cfg.w32(off + 0x0c, lnkcap)
    cfg.w16(off + 0x10, lnkctl)
    cfg.w16(off + 0x12, lnksta)
    if rootctl is not None:
        cfg.w16(off + 0x1c, rootctl)
        cfg.w16(off + 0x1e, rootcap)
    cfg.w32(off + 0x24, devcap2)
    cfg.w16(off + 0x28, devctl2)
    cfg.w32(off + 0x2c, lnkcap2)
    cfg.w16(off + 0x30, lnkctl2)
    cfg.w16(off + 0x32, lnksta2)


def l1ss(cfg, off, nxt, cap):
    cfg.ext_cap(off, 0x001e, 1, nxt)
    cfg.w32(off + 4, cap)


def vsec(cfg, off, nxt, vsec_id, rev, length):
    cfg.ext_cap(off, 0x000b, 1, nxt)
    cfg.w32(off + 4, vsec_id | (rev << 16) | (length << 20))


def rebar(cfg, off, nxt, cap_id, bar, sizes_mask, cur_log2_mb):
    """Resizable BAR (0x0015) or VF Resizable BAR (0x0024) with one BAR."""
    cfg.ext_cap(off, cap_id, 1, nxt)
    cfg.w32(off + 4, sizes_mask)
    cfg.w32(off + 8, bar | (1 << 5) | (cur_log2_mb << 8))


def lnk(speed, width, extra=0):
    return speed | (width << 4) | extra


ITS0_TRANSLATER = 0xfe650040   # RK3588 GIC ITS0 at 0xfe640000 + GITS_TRANSLATER (0x10040)


def ax650n(bound, msi_address, msi_data=0, bars=(0xf3800000, 0xf3300000, 0xf3200000)):
    """The AX650N endpoint (HOST-FACTS "The AX650N endpoint"); bars = bus addresses of BAR0/1/4."""
    c = Config(4096)
    # Command: Mem+ BusMaster+ DisINTx+ once the driver enabled MSI; an unbound card is left Mem+.
    c.header(0x1f4b, 0x0650, 0x0406 if bound else 0x0002, 0x0010, 0x01, 0x040000, 0x00)
    c.w32(0x10, bars[0] | 0x8)      # BAR0: 8 MiB, 32-bit prefetchable
    c.w32(0x14, bars[1] | 0x8)      # BAR1: 64 KiB, 32-bit prefetchable
    c.w32(0x20, bars[2] | 0xc)      # BAR4: 1 MiB, 64-bit prefetchable (BAR5 = upper half)
    c.w32(0x24, 0x00000000)
    c.w16(0x2c, 0x1f4b)             # subsystem vendor
    c.w16(0x2e, 0x0650)             # subsystem device
    c.w8(0x34, 0x40)
    c.w8(0x3c, 0xff)
    c.w8(0x3d, 0x01)                # INTA
    pm(c, 0x40, 0x50, 0x4803)       # PM v3, PME from D0 and D3hot
    msi(c, 0x50, 0x70, log2_capable=2, enabled=bound, log2_enabled=0, is64=True, maskable=True,
        address=msi_address if bound else 0, data=msi_data if bound else 0)
    pcie(c, 0x70, 0x00, port_type=0,
         # MaxPayload 128, L0s/L1 acceptable latency unlimited, ExtTag+, RBE+
         devcap=0x00008fe0,
         # RlxdOrd+ ExtTag+ NoSnoop+, MaxPayload 128, MaxReadReq 512
         devctl=0x0010 | 0x0100 | 0x0800 | (0 << 5) | (2 << 12),
         # 5 GT/s, x2, no ASPM support, ASPMOptComp+
         lnkcap=lnk(2, 2, 0x00400000),
         lnkctl=0x0040,                              # CommClk+
         lnksta=lnk(2, 1, 0x1000),                   # 5 GT/s x1, SlotClk+
         devcap2=0x0000081f,                         # CmplTO ranges ABCD, TimeoutDis+, LTR+
         lnkcap2=0x00000006,                         # 2.5 and 5 GT/s
         lnkctl2=0x0002,                             # target 5 GT/s
         lnksta2=0x0000)
    aer(c, 0x100, 0x148, root_port=False)
    c.ext_cap(0x148, 0x0018, 1, 0x150)              # LTR
    c.w16(0x14c, 0x0000)
    c.w16(0x14e, 0x0000)
    l1ss(c, 0x150, 0x160, 0x00090a1f)                # L1.1/L1.2 PCI-PM and ASPM capable
    vsec(c, 0x160, 0x260, 0x0002, 4, 0x100)          # DesignWare RAS D.E.S.
    vsec(c, 0x260, 0x2a0, 0x0004, 1, 0x038)          # DesignWare RAS DP
    rebar(c, 0x2a0, 0x2b0, 0x0015, 0, 0x000000f0, 3)  # BAR0: 1-8 MiB, now 8 MiB
    rebar(c, 0x2b0, 0x000, 0x0024, 0, 0x000000f0, 3)  # VF Resizable BAR
    return c.bytes()


def rk3588_root_port(primary, secondary, subordinate, pref_base, pref_limit, msi_address, lnkcap_speed,
                     lnksta, dl_active, mem=None):
    """An RK3588 PCIe root port (HOST-FACTS "RK3588 PCIe controllers")."""
    c = Config(4096)
    c.header(0x1d87, 0x3588, 0x0507, 0x0010, 0x01, 0x060400, 0x01)
    c.w8(0x18, primary)
    c.w8(0x19, secondary)
    c.w8(0x1a, subordinate)
    c.w8(0x1c, 0xf0)                # I/O window disabled (base > limit)
    c.w8(0x1d, 0x00)
    if mem is not None:              # non-prefetchable memory window
        c.w16(0x20, (mem[0] >> 16) & 0xfff0)
        c.w16(0x22, (mem[1] >> 16) & 0xfff0)
    else:
        c.w16(0x20, 0xfff0)         # memory window disabled
        c.w16(0x22, 0x0000)
    if pref_base is not None:
        c.w16(0x24, ((pref_base >> 16) & 0xfff0) | 0x1)
        c.w16(0x26, ((pref_limit >> 16) & 0xfff0) | 0x1)
    else:
        c.w16(0x24, 0xfff1)
        c.w16(0x26, 0x0001)
    c.w8(0x34, 0x40)
    c.w8(0x3c, 0xff)
    c.w8(0x3d, 0x01)
    c.w16(0x3e, 0x0002)             # BridgeCtl SERR+
    pm(c, 0x40, 0x50, 0x4803)       # PM v3, PME from D0 and D3hot
    msi(c, 0x50, 0x70, log2_capable=5, enabled=True, log2_enabled=0, is64=True, maskable=False,
        address=msi_address, data=0)
    pcie(c, 0x70, 0xb0, port_type=4,
         devcap=0x00008001,                           # MaxPayload 256, RBE+
         devctl=0x000f | 0x0010 | 0x0800 | (2 << 12),  # errors reported, RlxdOrd+ NoSnoop+, MPS 128, MRRS 512
         # speed, x1, ASPM L0s L1, exit latency L0s <1us L1 <8us, LLActRep+ BwNot+ ASPMOptComp+
         lnkcap=lnk(lnkcap_speed, 1, 0x0c00 | (5 << 12) | (3 << 15) | 0x00100000 | 0x00200000 | 0x00400000),
         lnkctl=0x0040,                               # ASPM disabled, CommClk+
         lnksta=lnksta | 0x1000 | (0x2000 if dl_active else 0),
         devcap2=0x0000001f,
         lnkcap2=0x0000000e if lnkcap_speed >= 3 else 0x00000006,
         lnkctl2=lnkcap_speed,
         rootctl=0x0008, rootcap=0x0001)              # PMEIntEna+, CRSVisible
    msix(c, 0xb0, 0x00, 1, False, 0, 0x0, 0, 0x8)
    aer(c, 0x100, 0x148, root_port=True)
    c.ext_cap(0x148, 0x0019, 1, 0x160)               # Secondary PCI Express
    l1ss(c, 0x160, 0x170, 0x00090a1f)
    vsec(c, 0x170, 0x000, 0x0002, 4, 0x100)
    return c.bytes()


def generic_endpoint(vendor, device, class_code, revision, subsys, bars, msix_vectors, msi_address,
                     lnkcap, lnksta, devcap=0x00008fc1, devctl=0x2810 | 0x0100):
    """A plain PCIe endpoint with PM, MSI (disabled), PCIe v2, MSI-X (enabled), AER."""
    c = Config(4096)
    c.header(vendor, device, 0x0406, 0x0010, revision, class_code, 0x00)
    for off, val in bars:
        c.w32(off, val)
    c.w16(0x2c, subsys[0])
    c.w16(0x2e, subsys[1])
    c.w8(0x34, 0x40)
    c.w8(0x3c, 0xff)
    c.w8(0x3d, 0x01)
    pm(c, 0x40, 0x50, 0x0003)
    msi(c, 0x50, 0x70, log2_capable=5, enabled=False, log2_enabled=0, is64=True, maskable=True,
        address=0, data=0)
    pcie(c, 0x70, 0xb0, port_type=0, devcap=devcap, devctl=devctl, lnkcap=lnkcap, lnkctl=0x0040,
         lnksta=lnksta, devcap2=0x0000081f, lnkcap2=0x0000000e)
    msix(c, 0xb0, 0x00, msix_vectors, True, 0, 0x3000, 0, 0x2000)
    aer(c, 0x100, 0x000, root_port=False)
    return c.bytes()


# ---------------------------------------------------------------------------------------------
# sysfs pieces

AER_COR = ['RxErr', 'BadTLP', 'BadDLLP', 'Rollover', 'Timeout', 'NonFatalErr', 'CorrIntErr', 'HeaderOF']
AER_UNCOR = ['Undefined', 'DLP', 'SDES', 'TLP', 'FCP', 'CmpltTO', 'CmpltAbrt', 'UnxCmplt', 'RxOF',
             'MalfTLP', 'ECRC', 'UnsupReq', 'ACSViol', 'UncorrIntErr', 'BlockedTLP',
             'AtomicOpBlocked', 'TLPBlockedErr', 'PoisonTLPBlocked']


def aer_file(names, total_name, counts=None):
    counts = counts or {}
    lines = ['%s %d' % (n, counts.get(n, 0)) for n in names]
    lines.append('%s %d' % (total_name, sum(counts.values())))
    return '\n'.join(lines)


SPEED = {1: '2.5 GT/s PCIe', 2: '5.0 GT/s PCIe', 3: '8.0 GT/s PCIe'}


class PciDev:
    def __init__(self, bdf, real_dir, config, driver, subsys, irq, msi_irqs=(), msi_kind='msi',
                 desc='', aer_cor=None):
        self.bdf = bdf
        self.real_dir = real_dir          # absolute host path of the device directory
        self.config = config
        self.driver = driver
        self.subsys = subsys
        self.irq = irq
        self.msi_irqs = list(msi_irqs)
        self.msi_kind = msi_kind
        self.desc = desc                  # lspci -F header description (free text)
        self.aer_cor = aer_cor or {}


def pcie_cap_offset(cfg):
    off = cfg[0x34]
    while off:
        if cfg[off] == 0x10:
            return off
        off = cfg[off + 1]
    return None


def write_pci(t, dev):
    cfg = dev.config
    d = dev.real_dir
    vendor, device = struct.unpack_from('<HH', cfg, 0)
    t.link('/sys/bus/pci/devices/' + dev.bdf, d)
    t.write(d + '/vendor', '0x%04x' % vendor)
    t.write(d + '/device', '0x%04x' % device)
    t.write(d + '/class', '0x%06x' % (cfg[0x0b] << 16 | cfg[0x0a] << 8 | cfg[0x09]))
    t.write(d + '/revision', '0x%02x' % cfg[0x08])
    t.write(d + '/subsystem_vendor', '0x%04x' % dev.subsys[0])
    t.write(d + '/subsystem_device', '0x%04x' % dev.subsys[1])
    t.write(d + '/irq', str(dev.irq))
    t.write_bytes(d + '/config', cfg)
    off = pcie_cap_offset(cfg)
    if off is not None:   # the link attributes exist only for PCI Express devices
        lnkcap = struct.unpack_from('<I', cfg, off + 0x0c)[0]
        lnksta = struct.unpack_from('<H', cfg, off + 0x12)[0]
        t.write(d + '/current_link_speed', SPEED[lnksta & 0xf])
        t.write(d + '/current_link_width', str((lnksta >> 4) & 0x3f))
        t.write(d + '/max_link_speed', SPEED[lnkcap & 0xf])
        t.write(d + '/max_link_width', str((lnkcap >> 4) & 0x3f))
    if len(cfg) > 256 and (struct.unpack_from('<I', cfg, 0x100)[0] & 0xffff) == 0x0001:
        # AER statistics exist for AER-capable devices (AER is at 0x100 on every device here)
        t.write(d + '/aer_dev_correctable', aer_file(AER_COR, 'TOTAL_ERR_COR', dev.aer_cor))
        t.write(d + '/aer_dev_nonfatal', aer_file(AER_UNCOR, 'TOTAL_ERR_NONFATAL'))
        t.write(d + '/aer_dev_fatal', aer_file(AER_UNCOR, 'TOTAL_ERR_FATAL'))
    if dev.msi_irqs:
        for n in dev.msi_irqs:
            t.write(d + '/msi_irqs/%d' % n, dev.msi_kind)
    if dev.driver:
        drv = '/sys/bus/pci/drivers/' + dev.driver
        t.mkdir(drv)
        t.link(d + '/driver', drv)
        t.link(drv + '/' + dev.bdf, d)


def lspci_dump(devs):
    """lspci -nn -xxxx format: a header line per device, then 16 bytes per line. Like lspci, the
    domain is shown only when some device is outside domain 0000."""
    out = []
    show_domain = any(not d.bdf.startswith('0000:') for d in devs)
    for dev in sorted(devs, key=lambda x: x.bdf):
        out.append('%s %s' % (dev.bdf if show_domain else dev.bdf[5:], dev.desc))
        for row in range(0, len(dev.config), 16):
            out.append('%03x: %s' % (row, ' '.join('%02x' % b for b in dev.config[row:row + 16])))
        out.append('')
    return '\n'.join(out)


def its_hwirq(bdf, vector):
    """RK3588 vendor-kernel ITS-MSI hwirq: (domain << 27) | ((bus << 8 | devfn) << 11) | vector."""
    dom, bus, devfn = parse_bdf(bdf)
    return (dom << 27) | (((bus << 8) | devfn) << 11) | vector


def parse_bdf(bdf):
    dom, bus, rest = bdf.split(':')
    dev, fn = rest.split('.')
    return int(dom, 16), int(bus, 16), (int(dev, 16) << 3) | int(fn)


# ---------------------------------------------------------------------------------------------
# CPUs

# related_cpus / affected_cpus: cpufreq_show_cpus() prints "%u " per CPU and drops the last blank:
# "0 1 2 3", not the "0-3" list form of the cpu/online files.
def write_cpus(t, ncpus, policies, capacity, idle_states, driver, governors, cluster_id=None):
    """policies: list of (policy cpu, cpus, min, max, cur, governor)."""
    base = '/sys/devices/system/cpu'
    allc = list(range(ncpus))
    t.write(base + '/online', cpulist(allc))
    t.write(base + '/possible', cpulist(allc))
    t.write(base + '/present', cpulist(allc))
    pol_of = {}
    for (p, cpus, fmin, fmax, cur, gov) in policies:
        pd = '%s/cpufreq/policy%d' % (base, p)
        t.write(pd + '/related_cpus', ' '.join(str(c) for c in cpus))
        t.write(pd + '/affected_cpus', ' '.join(str(c) for c in cpus))
        t.write(pd + '/cpuinfo_max_freq', str(fmax))
        t.write(pd + '/cpuinfo_min_freq', str(fmin))
        t.write(pd + '/scaling_max_freq', str(fmax))
        t.write(pd + '/scaling_min_freq', str(fmin))
        t.write(pd + '/scaling_cur_freq', str(cur))
        t.write(pd + '/scaling_governor', gov)
        t.write(pd + '/scaling_available_governors', governors)
        t.write(pd + '/scaling_driver', driver)
        for c in cpus:
            pol_of[c] = p
    for c in allc:
        cd = '%s/cpu%d' % (base, c)
        if capacity is not None:
            t.write(cd + '/cpu_capacity', str(capacity[c]))
        t.write(cd + '/topology/cluster_id', str(0 if cluster_id is None else cluster_id[c]))
        t.write(cd + '/topology/core_id', str(c if cluster_id is None else c))
        t.link(cd + '/cpufreq', '%s/cpufreq/policy%d' % (base, pol_of[c]))
        t.write(cd + '/power/pm_qos_resume_latency_us', '0')
        for k, (name, latency) in enumerate(idle_states):
            t.write('%s/cpuidle/state%d/name' % (cd, k), name)
            t.write('%s/cpuidle/state%d/latency' % (cd, k), str(latency))
            t.write('%s/cpuidle/state%d/disable' % (cd, k), '0')


# ---------------------------------------------------------------------------------------------
# IRQs

class Irq:
    def __init__(self, num, counts, chip, hwirq, trigger, name, affinity, effective, per_cpu_name=None):
        self.num = num
        self.counts = counts
        self.chip = chip
        self.hwirq = hwirq
        self.trigger = trigger
        self.name = name
        self.affinity = affinity      # CPU list (smp_affinity_list)
        self.effective = effective    # CPU list (effective_affinity_list)


def interrupts_text(ncpus, prec, irqs, named_rows, show_level):
    """/proc/interrupts as kernel/irq/proc.c show_interrupts() prints it: a header of
    prec + 8 blanks and "CPU%-8d" per CPU; per IRQ "%*d: " (prec), "%10u " per CPU, the chip
    " %8s", the hwirq " %*lu" (prec), " %-8s" Level/Edge where GENERIC_IRQ_SHOW_LEVEL (arm64),
    "-%-8s" the flow handler name where set (x86: edge, fasteoi), then "  " and the actions.
    named_rows: ('ipi', n, counts, text) arm64 IPIs, ('x86', label, counts, text) and
    ('err', label, value) summary rows."""
    lines = [' ' * (prec + 8) + ''.join('CPU%-8d' % c for c in range(ncpus))]
    for i in sorted(irqs, key=lambda x: x.num):
        s = '%*d: ' % (prec, i.num) + ''.join('%10d ' % n for n in i.counts)
        s += ' %8s' % i.chip + ' %*d' % (prec, i.hwirq)
        if show_level:
            s += ' %-8s' % i.trigger
        else:
            s += '-%-8s' % i.trigger
        s += '  ' + i.name
        lines.append(s)
    for row in named_rows:
        if row[0] == 'ipi':
            _, n, counts, text = row
            lines.append('%*s%d:%s' % (prec - 1, 'IPI', n, ' ' if prec >= 4 else '')
                         + ''.join('%10d ' % c for c in counts) + '      ' + text)
        elif row[0] == 'x86':
            _, label, counts, text = row
            lines.append('%*s: ' % (prec, label) + ''.join('%10d ' % c for c in counts) + '  ' + text)
        else:
            _, label, value = row
            lines.append('%*s: %10d' % (prec, label, value))
    return '\n'.join(lines)


def write_irqs(t, ncpus, irqs, extra_irq_numbers=()):
    allc = list(range(ncpus))
    t.write('/proc/irq/default_smp_affinity', cpumask(allc, ncpus))
    for i in irqs:
        d = '/proc/irq/%d' % i.num
        t.write(d + '/smp_affinity', cpumask(i.affinity, ncpus))
        t.write(d + '/smp_affinity_list', cpulist(i.affinity))
        t.write(d + '/effective_affinity', cpumask(i.effective, ncpus))
        t.write(d + '/effective_affinity_list', cpulist(i.effective))
        t.write(d + '/node', '0')
    for n in extra_irq_numbers:
        d = '/proc/irq/%d' % n
        t.write(d + '/smp_affinity', cpumask(allc, ncpus))
        t.write(d + '/smp_affinity_list', cpulist(allc))
        t.write(d + '/effective_affinity', cpumask([0], ncpus))
        t.write(d + '/effective_affinity_list', '0')
        t.write(d + '/node', '0')


def kthread_stat(pid, comm, cpu, rt_prio=50):
    """/proc/<pid>/stat of a threaded-IRQ kernel thread (SCHED_FIFO 50); field 39 = last CPU."""
    f = [str(pid), '(%s)' % comm, 'S', '2', '0', '0', '0', '-1', '2129984',
         '0', '0', '0', '0', '0', '1734', '0', '0', str(-1 - rt_prio), '0', '1', '0', '812',
         '0', '0', '18446744073709551615', '0', '0', '0', '0', '0', '0', '0', '2147483647', '0',
         '0', '0', '0', '0', str(cpu), str(rt_prio), '1', '0', '0', '0', '0', '0', '0', '0', '0',
         '0', '0', '0']
    assert len(f) == 52 and f[38] == str(cpu)
    return ' '.join(f)


def user_stat(pid, comm, cpu):
    f = [str(pid), '(%s)' % comm, 'S', '1', str(pid), str(pid), '0', '-1', '4194560',
         '311', '0', '2', '0', '41', '87', '0', '0', '20', '0', '2', '0', '1523',
         '80232448', '712', '18446744073709551615', '1', '1', '0', '0', '0', '0', '0', '4096',
         '0', '0', '0', '0', '17', str(cpu), '0', '0', '0', '0', '0', '0', '0', '0', '0', '0',
         '0', '0', '0']
    assert len(f) == 52 and f[38] == str(cpu)
    return ' '.join(f)


def write_proc(t, pid, comm, stat):
    assert len(comm) <= 15, comm
    t.write('/proc/%d/comm' % pid, comm)
    t.write('/proc/%d/stat' % pid, stat)


def irq_thread_comm(irq, name):
    return ('irq/%d-%s' % (irq, name))[:15]   # TASK_COMM_LEN 16 including the NUL


# ---------------------------------------------------------------------------------------------
# the hosts

# cpufreq prints each governor as "%s " then the newline: a trailing blank; setpolicy drivers
# (intel_pstate) print the fixed "performance powersave" without one.
GOV_ARM = 'conservative ondemand userspace powersave performance schedutil '
IPI_NAMES = ['Rescheduling interrupts', 'Function call interrupts', 'CPU stop interrupts',
             'CPU stop (for crash dump) interrupts', 'Timer broadcast interrupts',
             'IRQ work interrupts', 'CPU wake-up interrupts']


def spread(total, ncpus, weights=None):
    weights = weights or [1] * ncpus
    s = sum(weights)
    return [total * w // s for w in weights]


def cm3588(t, driver_bound, governor='schedutil'):
    ncpus = 8
    # A55 capacity derived: 530 * 1800000 / 2352000 = 405; policy6 A76: 1024 * 2304000 / 2352000 = 1003
    write_cpus(t, ncpus,
               [(0, [0, 1, 2, 3], 408000, 1800000, 1008000, governor),
                (4, [4, 5], 408000, 2352000, 408000, governor),
                (6, [6, 7], 408000, 2304000, 408000, governor)],
               capacity=[405, 405, 405, 405, 1024, 1024, 1003, 1003],
               # rk3588s.dtsi CPU_SLEEP: entry 120 us + exit 250 us = latency 370
               idle_states=[('WFI', 0), ('cpu-sleep', 370)],
               driver='cpufreq-dt', governors=GOV_ARM)

    its = ITS0_TRANSLATER
    card_irq = 170
    rp0 = PciDev('0000:00:00.0', '/sys/devices/platform/fe150000.pcie/pci0000:00/0000:00:00.0',
                 rk3588_root_port(0x00, 0x01, 0x0f, None, None, its + 0x20000, 3, lnk(3, 1), True,
                                  mem=(0xf0200000, 0xf02fffff)),
                 'pcieport', (0x0000, 0x0000), 142, [142], 'msi',
                 'PCI bridge [0604]: Rockchip Electronics Co., Ltd RK3588 [1d87:3588] (rev 01)')
    nvme_irqs = list(range(145, 154))
    nvme = PciDev('0000:01:00.0', rp0.real_dir + '/0000:01:00.0',
                  generic_endpoint(0x144d, 0xa809, 0x010802, 0x00, (0x144d, 0xa801),
                                   [(0x10, 0xf0200004), (0x14, 0x0)], 9, 0,
                                   lnkcap=lnk(3, 4, 0x00400c00 | (6 << 15)), lnksta=lnk(3, 1, 0x1000),
                                   devcap=0x10008fc1),
                  'nvme', (0x144d, 0xa801), 134, nvme_irqs, 'msix',
                  'Non-Volatile memory controller [0108]: Samsung Electronics Co Ltd NVMe SSD Controller 980 (DRAM-less) [144d:a809]')
    rp3 = PciDev('0003:30:00.0', '/sys/devices/platform/fe180000.pcie/pci0003:30/0003:30:00.0',
                 rk3588_root_port(0x30, 0x31, 0x3f, 0xf3200000, 0xf3ffffff, its, 3, lnk(2, 1), True),
                 'pcieport', (0x0000, 0x0000), 143, [143], 'msi',
                 'PCI bridge [0604]: Rockchip Electronics Co., Ltd RK3588 [1d87:3588] (rev 01)')
    card = PciDev('0003:31:00.0', rp3.real_dir + '/0003:31:00.0',
                  ax650n(driver_bound, its, 0),
                  'ax_pcie_dev_host' if driver_bound else None, (0x1f4b, 0x0650),
                  card_irq if driver_bound else 136, [card_irq] if driver_bound else [], 'msi',
                  'Multimedia video controller [0400]: Axera Semiconductor Co., Ltd Device [1f4b:0650] (rev 01)',
                  aer_cor={'RxErr': 2, 'BadTLP': 1})
    rp4 = PciDev('0004:40:00.0', '/sys/devices/platform/fe190000.pcie/pci0004:40/0004:40:00.0',
                 rk3588_root_port(0x40, 0x41, 0x4f, None, None, its, 2, lnk(2, 1), True,
                                  mem=(0xf4200000, 0xf42fffff)),
                 'pcieport', (0x0000, 0x0000), 144, [144], 'msi',
                 'PCI bridge [0604]: Rockchip Electronics Co., Ltd RK3588 [1d87:3588] (rev 01)')
    eth_irqs = [224, 225, 226, 227]
    eth = PciDev('0004:41:00.0', rp4.real_dir + '/0004:41:00.0',
                 generic_endpoint(0x10ec, 0x8125, 0x020000, 0x05, (0x10ec, 0x0123),
                                  [(0x10, 0x00000001), (0x18, 0xf4200004), (0x20, 0xf4210004)], 32, 0,
                                  lnkcap=lnk(2, 1, 0x00400c00 | (6 << 12) | (6 << 15)), lnksta=lnk(2, 1, 0x1000)),
                 'r8125', (0x10ec, 0x0123), 137, eth_irqs, 'msix',
                 'Ethernet controller [0200]: Realtek Semiconductor Co., Ltd. RTL8125 2.5GbE Controller [10ec:8125] (rev 05)')
    devs = [rp0, nvme, rp3, card, rp4, eth]
    for d in devs:
        write_pci(t, d)

    # /proc/interrupts as a vendor 6.1 RK3588 kernel prints it
    z = [0] * ncpus
    all8 = list(range(8))
    irqs = [
        Irq(11, [1852311, 1203344, 1180542, 1177023, 402311, 398122, 301233, 299876], 'GICv3', 30, 'Level', 'arch_timer', all8, all8),
        Irq(12, z, 'GICv3', 27, 'Level', 'kvm guest vtimer', all8, all8),
        Irq(13, z, 'GICv3', 26, 'Level', 'kvm guest ptimer', all8, all8),
        Irq(18, z, 'GICv3', 23, 'Level', 'arm-pmu', all8, all8),
        Irq(20, [1203, 0, 0, 0, 0, 0, 0, 0], 'GICv3', 144, 'Level', 'rk_timer', all8, [0]),
        Irq(24, [54, 0, 0, 0, 0, 0, 0, 0], 'GICv3', 364, 'Level', 'debug', all8, [0]),
        Irq(41, [20134, 0, 0, 0, 0, 0, 0, 0], 'GICv3', 347, 'Level', 'fd880000.i2c', all8, [0]),
        Irq(71, [3308, 0, 0, 0, 0, 0, 0, 0], 'GICv3', 237, 'Level', 'mmc0', all8, [0]),
        Irq(72, [8211, 0, 0, 0, 0, 0, 0, 0], 'GICv3', 232, 'Level', 'dw-mci', all8, [0]),
        Irq(102, z, 'GICv3', 292, 'Level', 'rockchip_thermal', all8, [0]),
    ]
    irqs.append(Irq(142, z, 'ITS-MSI', its_hwirq('0000:00:00.0', 0), 'Edge', 'PCIe PME, aerdrv', all8, [0]))
    irqs.append(Irq(143, z, 'ITS-MSI', its_hwirq('0003:30:00.0', 0), 'Edge', 'PCIe PME, aerdrv', all8, [0]))
    irqs.append(Irq(144, z, 'ITS-MSI', its_hwirq('0004:40:00.0', 0), 'Edge', 'PCIe PME, aerdrv', all8, [0]))
    # NVMe: admin queue on CPU0, I/O queues kernel-managed, one per CPU
    irqs.append(Irq(145, [72, 0, 0, 0, 0, 0, 0, 0], 'ITS-MSI', its_hwirq('0000:01:00.0', 0), 'Edge', 'nvme0q0', all8, [0]))
    for q in range(1, 9):
        cnt = [0] * 8
        cnt[q - 1] = 3000 + 417 * q
        irqs.append(Irq(145 + q, cnt, 'ITS-MSI', its_hwirq('0000:01:00.0', q), 'Edge', 'nvme0q%d' % q, [q - 1], [q - 1]))
    for v, n in enumerate(eth_irqs):
        cnt = [0] * 8
        cnt[0] = [85905, 12011, 9020, 1022][v]
        irqs.append(Irq(n, cnt, 'ITS-MSI', its_hwirq('0004:41:00.0', v), 'Edge', 'enP4p65s0-%d' % v, all8, [0]))
    if driver_bound:
        # the card's IRQ: served by CPU0 (default affinity, effective CPU0), nearly all counts there
        irqs.append(Irq(card_irq, [1843211, 0, 0, 0, 7, 0, 0, 0], 'ITS-MSI', its_hwirq('0003:31:00.0', 0),
                        'Edge', '0003:31:00.0', all8, [0]))
    named = [('ipi', k, [c * (7 - k) // 7 for c in [812331, 790122, 771004, 760311, 240012, 233871, 221003, 219872]]
              if k < 2 or k > 3 else z, IPI_NAMES[k]) for k in range(7)]
    named.append(('err', 'Err', 0))
    t.write('/proc/interrupts', interrupts_text(ncpus, 3, irqs, named, show_level=True))
    write_irqs(t, ncpus, irqs, extra_irq_numbers=[134, 136, 137])

    if driver_bound:
        write_proc(t, 1187, irq_thread_comm(card_irq, '0003:31:00.0'), kthread_stat(1187, irq_thread_comm(card_irq, '0003:31:00.0'), 0))
    write_proc(t, 1, 'systemd', user_stat(1, 'systemd', 3))

    t.write('/proc/sys/kernel/osrelease', '6.1.118')
    t.write_bytes('/sys/firmware/devicetree/base/model', b'FriendlyElec CM3588 NAS\0')
    t.write_bytes('/sys/firmware/devicetree/base/compatible', b'friendlyelec,cm3588-nas\0rockchip,rk3588\0')
    t.link('/proc/device-tree', '/sys/firmware/devicetree/base')
    # policy_show() prints "[%s] " / "%s " per policy: a trailing blank
    t.write('/sys/module/pcie_aspm/parameters/policy', 'default [performance] powersave powersupersave ')
    dmc = '/sys/devices/platform/dmc/devfreq/dmc'
    t.write(dmc + '/governor', 'dmc_ondemand')
    t.write(dmc + '/available_governors', 'dmc_ondemand userspace powersave performance simple_ondemand')
    t.write(dmc + '/cur_freq', '528000000')
    t.write(dmc + '/max_freq', '2112000000')
    t.write(dmc + '/min_freq', '528000000')
    t.write(dmc + '/available_frequencies', '528000000 1068000000 1560000000 2112000000')
    t.link('/sys/class/devfreq/dmc', dmc)
    return devs


IRQBALANCE_UNIT = """[Unit]
Description=irqbalance daemon
Documentation=man:irqbalance(1) https://github.com/Irqbalance/irqbalance
ConditionVirtualization=!container
ConditionCPUs=>1

[Service]
EnvironmentFile=-/usr/lib/irqbalance/defaults.env
EnvironmentFile=-/etc/default/irqbalance
ExecStart=/usr/sbin/irqbalance $IRQBALANCE_ARGS
CapabilityBoundingSet=
NoNewPrivileges=yes
ReadOnlyPaths=/
ReadWritePaths=/proc/irq
RestrictAddressFamilies=AF_UNIX AF_NETLINK
RuntimeDirectory=irqbalance/

[Install]
WantedBy=multi-user.target
"""


def rpi5(t):
    ncpus = 4
    write_cpus(t, ncpus, [(0, [0, 1, 2, 3], 1500000, 2400000, 1500000, 'ondemand')],
               capacity=[1024] * 4, idle_states=[('WFI', 0)], driver='cpufreq-dt', governors=GOV_ARM)
    card_irq = 162
    # the external PCIe connector (pcie1, 1000110000.pcie) is PCI domain 0 on Raspberry Pi OS;
    # the RP1 south bridge (pcie2) is domain 1. Root port 14e4:2712, link Gen2 x1 by default.
    rp = PciDev('0000:00:00.0', '/sys/devices/platform/axi/1000110000.pcie/pci0000:00/0000:00:00.0',
                bcm2712_root_port(), 'pcieport', (0x0000, 0x0000), 0, [], 'msi',
                'PCI bridge [0604]: Broadcom Inc. and subsidiaries BCM2712 PCIe Bridge [14e4:2712] (rev 21)')
    # brcmstb MSI: target address BRCM_MSI_TARGET_ADDR_GT_4GB, data 0x6540 | hwirq
    card = PciDev('0000:01:00.0', rp.real_dir + '/0000:01:00.0', ax650n(True, 0xffffffffc, 0x6540,
                  bars=(0x00800000, 0x00500000, 0x00400000)),
                  'ax_pcie_dev_host', (0x1f4b, 0x0650), card_irq, [card_irq], 'msi',
                  'Multimedia video controller [0400]: Axera Semiconductor Co., Ltd Device [1f4b:0650] (rev 01)')
    devs = [rp, card]
    for d in devs:
        write_pci(t, d)
    z = [0] * ncpus
    all4 = list(range(4))
    irqs = [
        Irq(9, z, 'GICv2', 25, 'Level', 'vgic', all4, all4),
        Irq(11, [401233, 233120, 228761, 231877], 'GICv2', 30, 'Level', 'arch_timer', all4, all4),
        Irq(12, z, 'GICv2', 27, 'Level', 'kvm guest vtimer', all4, all4),
        Irq(14, [9812, 0, 0, 0], 'GICv2', 305, 'Level', 'mmc1, mmc0', all4, [0]),
        Irq(23, [121, 0, 0, 0], 'GICv2', 153, 'Level', 'uart-pl011', all4, [0]),
        # the card's MSI through the brcmstb controller's muxed MSI: every vector is served on CPU0
        Irq(card_irq, [1523377, 0, 0, 0], 'BRCM STB PCIe MSI', 524288, 'Edge', '0000:01:00.0', all4, [0]),
    ]
    named = [('ipi', k, [c * (7 - k) // 7 for c in [402311, 389012, 377120, 380031]] if k < 2 or k > 3 else z,
              IPI_NAMES[k]) for k in range(7)]
    named.append(('err', 'Err', 0))
    t.write('/proc/interrupts', interrupts_text(ncpus, 3, irqs, named, show_level=True))
    write_irqs(t, ncpus, irqs)
    comm = irq_thread_comm(card_irq, '0000:01:00.0')
    write_proc(t, 1042, comm, kthread_stat(1042, comm, 0))
    write_proc(t, 1, 'systemd', user_stat(1, 'systemd', 1))
    write_proc(t, 712, 'irqbalance', user_stat(712, 'irqbalance', 2))
    # irqbalance as Debian packages it (the unit the AXERA guide has users enable)
    t.write('/lib/systemd/system/irqbalance.service', IRQBALANCE_UNIT)
    t.write('/proc/sys/kernel/osrelease', '6.6.51+rpt-rpi-2712')
    t.write_bytes('/sys/firmware/devicetree/base/model', b'Raspberry Pi 5 Model B Rev 1.0\0')
    t.write_bytes('/sys/firmware/devicetree/base/compatible', b'raspberrypi,5-model-b\0brcm,bcm2712\0')
    t.link('/proc/device-tree', '/sys/firmware/devicetree/base')
    t.write('/sys/module/pcie_aspm/parameters/policy', '[default] performance powersave powersupersave ')
    return devs


def bcm2712_root_port():
    c = Config(4096)
    c.header(0x14e4, 0x2712, 0x0546, 0x0010, 0x21, 0x060400, 0x01)
    c.w8(0x18, 0x00)
    c.w8(0x19, 0x01)
    c.w8(0x1a, 0x01)
    c.w8(0x1c, 0xf0)
    # pcie1 maps PCI bus 0x0-0xfffffffc to CPU 0x1b_0000_0000: the card's BARs sit at bus 0x0
    c.w16(0x20, 0x0000)      # memory behind bridge 00000000-00ffffff
    c.w16(0x22, 0x00f0)
    c.w16(0x24, 0xfff1)      # prefetchable window disabled
    c.w16(0x26, 0x0001)
    c.w8(0x34, 0x48)
    c.w8(0x3d, 0x01)
    c.w16(0x3e, 0x0002)
    pm(c, 0x48, 0xac, 0x4803)
    pcie(c, 0xac, 0x00, port_type=4,
         devcap=0x00008002,                         # MaxPayload 512, RBE+
         devctl=0x000f | 0x0010 | 0x0800 | (2 << 12),
         lnkcap=lnk(2, 1, 0x0c00 | (7 << 12) | (7 << 15) | 0x00100000 | 0x00400000),
         lnkctl=0x0040, lnksta=lnk(2, 1, 0x1000 | 0x2000),
         devcap2=0x0000001f, lnkcap2=0x00000006, lnkctl2=0x0002,
         rootctl=0x0008, rootcap=0x0001)
    aer(c, 0x100, 0x180, root_port=True)
    vsec(c, 0x180, 0x240, 0x0000, 0, 0x028)
    l1ss(c, 0x240, 0x300, 0x0028281f)
    c.ext_cap(0x300, 0x0019, 1, 0x000)
    return c.bytes()


def x86_host_bridge():
    c = Config(256)
    c.header(0x8086, 0x191f, 0x0006, 0x2090, 0x07, 0x060000, 0x00)
    c.w16(0x2c, 0x1028)
    c.w16(0x2e, 0x06b9)
    c.w8(0x34, 0xe0)
    c.cap(0xe0, 0x09, 0x00)   # vendor specific
    c.w8(0xe2, 0x10)
    return c.bytes()


def x86_root_port(msi_address, msi_data):
    c = Config(4096)
    c.header(0x8086, 0xa110, 0x0407, 0x0010, 0xf1, 0x060400, 0x81)
    c.w8(0x18, 0x00)
    c.w8(0x19, 0x04)
    c.w8(0x1a, 0x04)
    c.w8(0x1c, 0xf0)
    c.w16(0x20, 0xfff0)   # memory window disabled
    c.w16(0x22, 0x0000)
    c.w16(0x24, 0xdf01)   # prefetchable df000000-dfffffff: the card's prefetchable BARs
    c.w16(0x26, 0xdff1)
    c.w8(0x34, 0x40)
    c.w8(0x3c, 0x10)
    c.w8(0x3d, 0x01)
    c.w16(0x3e, 0x0002)
    pcie(c, 0x40, 0x80, port_type=4,
         devcap=0x00008001,
         devctl=0x0000 | 0x0010 | 0x0800 | (0 << 5) | (2 << 12),
         lnkcap=lnk(3, 1, 0x0c00 | (3 << 12) | (3 << 15) | 0x00200000 | 0x00100000 | 0x00040000 | 0x00400000 | (1 << 24)),
         lnkctl=0x0040, lnksta=lnk(2, 1, 0x1000 | 0x2000),
         devcap2=0x00000817, lnkcap2=0x0000000e, lnkctl2=0x0003,
         rootctl=0x0000, rootcap=0x0001)
    msi(c, 0x80, 0x90, log2_capable=0, enabled=True, log2_enabled=0, is64=False, maskable=False,
        address=msi_address, data=msi_data)
    c.cap(0x90, 0x0d, 0xa0)   # subsystem vendor
    c.w32(0x94, 0x06b91028)
    pm(c, 0xa0, 0x00, 0xc803)
    aer(c, 0x100, 0x140, root_port=True)
    c.ext_cap(0x140, 0x000d, 1, 0x220)   # ACS
    c.w16(0x144, 0x000f)
    c.ext_cap(0x220, 0x0019, 1, 0x000)   # Secondary PCI Express
    return c.bytes()


def x86(t):
    ncpus = 4
    write_cpus(t, ncpus, [(c, [c], 800000, 3600000, 800000 + 100000 * c, 'powersave') for c in range(4)],
               capacity=None, idle_states=[('POLL', 0), ('C1', 2), ('C1E', 10), ('C6', 85)],
               driver='intel_pstate', governors='performance powersave')
    card_irq = 147
    hb = PciDev('0000:00:00.0', '/sys/devices/pci0000:00/0000:00:00.0', x86_host_bridge(), 'skl_uncore',
                (0x1028, 0x06b9), 0, [], 'msi',
                'Host bridge [0600]: Intel Corporation Xeon E3-1200 v5/E3-1500 v5/6th Gen Core Processor Host Bridge/DRAM Registers [8086:191f] (rev 07)')
    rp = PciDev('0000:00:1c.0', '/sys/devices/pci0000:00/0000:00:1c.0', x86_root_port(0xfee00000, 0x4021),
                'pcieport', (0x1028, 0x06b9), 122, [122], 'msi',
                'PCI bridge [0604]: Intel Corporation 100 Series/C230 Series Chipset Family PCI Express Root Port #1 [8086:a110] (rev f1)')
    # x86 MSI: address 0xfee0_0000 with destination APIC ID 2 (the CPU serving it), vector 0x24
    card_cfg = ax650n(True, 0xfee00000 | (2 << 12), 0x0024, bars=(0xdf800000, 0xdf100000, 0xdf000000))
    card = PciDev('0000:04:00.0', rp.real_dir + '/0000:04:00.0', card_cfg, 'ax_pcie_dev_host',
                  (0x1f4b, 0x0650), card_irq, [card_irq], 'msi',
                  'Multimedia video controller [0400]: Axera Semiconductor Co., Ltd Device [1f4b:0650] (rev 01)')
    devs = [hb, rp, card]
    for d in devs:
        write_pci(t, d)
    z = [0] * ncpus
    all4 = list(range(4))
    irqs = [
        Irq(0, [22, 0, 0, 0], 'IO-APIC', 2, 'edge', 'timer', [0], [0]),
        Irq(8, [0, 1, 0, 0], 'IO-APIC', 8, 'edge', 'rtc0', all4, [1]),
        Irq(9, [0, 4, 0, 0], 'IO-APIC', 9, 'fasteoi', 'acpi', all4, [1]),
        Irq(16, [0, 0, 0, 33], 'IO-APIC', 16, 'fasteoi', 'i801_smbus', all4, [3]),
        Irq(120, z, 'DMAR-MSI', 0, 'edge', 'dmar0', [0], [0]),
        Irq(122, [0, 0, 0, 0], 'IR-PCI-MSI-0000:00:1c.0', 0, 'edge', 'PCIe PME, aerdrv', all4, [3]),
        Irq(card_irq, [0, 0, 70, 0], 'IR-PCI-MSI-0000:04:00.0', 0, 'edge', '0000:04:00.0', all4, [2]),
    ]
    named = [
        ('x86', 'NMI', [12, 11, 11, 11], 'Non-maskable interrupts'),
        ('x86', 'LOC', [2310442, 1987211, 2001877, 1899025], 'Local timer interrupts'),
        ('x86', 'SPU', z, 'Spurious interrupts'),
        ('x86', 'PMI', [12, 11, 11, 11], 'Performance monitoring interrupts'),
        ('x86', 'IWI', [1, 0, 3, 0], 'IRQ work interrupts'),
        ('x86', 'RTR', z, 'APIC ICR read retries'),
        ('x86', 'RES', [31022, 28711, 30113, 27432], 'Rescheduling interrupts'),
        ('x86', 'CAL', [88011, 91023, 90122, 87991], 'Function call interrupts'),
        ('x86', 'TLB', [7201, 6993, 7011, 6902], 'TLB shootdowns'),
        ('x86', 'TRM', z, 'Thermal event interrupts'),
        ('x86', 'THR', z, 'Threshold APIC interrupts'),
        ('x86', 'DFR', z, 'Deferred Error APIC interrupts'),
        ('x86', 'MCE', z, 'Machine check exceptions'),
        ('x86', 'MCP', [31, 31, 31, 31], 'Machine check polls'),
        ('err', 'ERR', 0),
        ('err', 'MIS', 0),
        ('x86', 'PIN', z, 'Posted-interrupt notification event'),
        ('x86', 'NPI', z, 'Nested posted-interrupt event'),
        ('x86', 'PIW', z, 'Posted-interrupt wakeup event'),
    ]
    t.write('/proc/interrupts', interrupts_text(ncpus, 4, irqs, named, show_level=False))
    write_irqs(t, ncpus, irqs)
    comm = irq_thread_comm(card_irq, '0000:04:00.0')
    write_proc(t, 873, comm, kthread_stat(873, comm, 2))
    write_proc(t, 1, 'systemd', user_stat(1, 'systemd', 0))
    # the IR-PCI-MSI-<BDF> chip names come with per-device MSI domains (6.2+): a backports kernel
    t.write('/proc/sys/kernel/osrelease', '6.12.12+bpo-amd64')
    t.write('/sys/module/pcie_aspm/parameters/policy', '[default] performance powersave powersupersave ')
    return devs


ARMBIAN_OPTIMIZATION_UNIT = """[Unit]
Description=Armbian hardware optimization
Before=basic.target

[Service]
Type=oneshot
ExecStart=/usr/lib/armbian/armbian-hardware-optimization start
ExecStop=/usr/lib/armbian/armbian-hardware-optimization stop
RemainAfterExit=yes
TimeoutStartSec=2min

[Install]
WantedBy=basic.target
"""

# Armbian's defaults for rockchip64 boards (written by its build into /etc/default/cpufrequtils).
ARMBIAN_CPUFREQUTILS = """ENABLE=true
MIN_SPEED=408000
MAX_SPEED=2352000
GOVERNOR=ondemand
"""


def cm3588_armbian(t):
    """The CM3588 under Armbian: armbian-hardware-optimization.service enabled, applying
    GOVERNOR=ondemand from /etc/default/cpufrequtils to every policy at boot (so every policy
    reads ondemand); no other difference to cm3588."""
    devs = cm3588(t, True, governor='ondemand')
    # A stand-in for the script (only its presence is read).
    t.write('/usr/lib/armbian/armbian-hardware-optimization',
            '#!/bin/bash\n# stand-in: applies GOVERNOR/MIN_SPEED/MAX_SPEED of /etc/default/cpufrequtils at boot')
    t.write('/lib/systemd/system/armbian-hardware-optimization.service', ARMBIAN_OPTIMIZATION_UNIT)
    t.link('/etc/systemd/system/basic.target.wants/armbian-hardware-optimization.service',
           '/lib/systemd/system/armbian-hardware-optimization.service')
    t.write('/etc/default/cpufrequtils', ARMBIAN_CPUFREQUTILS)
    return devs


HOSTS = {
    'cm3588': lambda t: cm3588(t, True),
    'cm3588-armbian': cm3588_armbian,
    'cm3588-nodriver': lambda t: cm3588(t, False),
    'rpi5': rpi5,
    'x86': x86,
}


def build(outdir):
    for name, fn in HOSTS.items():
        root = os.path.join(outdir, name)
        if os.path.lexists(root):
            shutil.rmtree(root)
        os.makedirs(root)
        devs = fn(Tree(root))
        with open(os.path.join(outdir, name + '.lspci'), 'w') as f:
            f.write(lspci_dump(devs))


def main():
    if '--check' in sys.argv[1:]:
        import filecmp
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            build(tmp)
            diff = []

            def cmp(a, b, rel):
                for n in sorted(set(os.listdir(a)) | set(os.listdir(b))):
                    pa, pb = os.path.join(a, n), os.path.join(b, n)
                    r = os.path.join(rel, n)
                    if not (os.path.lexists(pa) and os.path.lexists(pb)):
                        diff.append(r)
                    elif os.path.islink(pa) or os.path.islink(pb):
                        if not (os.path.islink(pa) and os.path.islink(pb)) or os.readlink(pa) != os.readlink(pb):
                            diff.append(r)
                    elif os.path.isdir(pa) and os.path.isdir(pb):
                        cmp(pa, pb, r)
                    elif not filecmp.cmp(pa, pb, shallow=False):
                        diff.append(r)
            for name in HOSTS:
                cmp(os.path.join(tmp, name), os.path.join(HERE, name), name)
                if not filecmp.cmp(os.path.join(tmp, name + '.lspci'), os.path.join(HERE, name + '.lspci'), shallow=False):
                    diff.append(name + '.lspci')
            if diff:
                print('differs from the generator: ' + ', '.join(diff))
                sys.exit(1)
            print('trees match the generator')
    else:
        build(HERE)


if __name__ == '__main__':
    main()
