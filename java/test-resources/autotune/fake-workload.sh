#!/bin/bash
# A stand-in workload for the autotune tests: prints one ax-llm decode-speed line whose value is
# a known function of the test host tree it runs against, and of its own CPU affinity, times
# seeded noise. Usage: fake-workload.sh STATE_DIR
#
# STATE_DIR holds sysroot/ (a copy of java/testdata/hosts/cm3588) and:
#   seed         the seed of the noise (run n's noise comes from md5 of "seed-n")
#   noise        relative noise amplitude (0.01: uniform in +-1 %)
#   except-cpus  the Cpus_allowed_list a "big-except-irq" launch gives this process
#   fail         optional "key=value" (a key of the log line below): such runs exit 3, no speed line
#   sleep-at     optional run number: that run writes its sleeper's pid to sleep.pid and waits
# Each run appends "run=N irq=... big=... little=... dmc=... idle=... allowed=... speed=..." to log.
#
# speed = 5 tok/s x irq x big x little x dmc x launch x (1 + noise), where
#   irq    1.75 when the card's IRQ (0003:31:00.0) is on CPU 6 alone, 1.6 on another big CPU alone
#          (4, 5, 7), 1.0 otherwise (a list such as 0-7: the kernel takes CPU0, a little core)
#   big    1.25 when policy4 and policy6 both run "performance"
#   little 1.002 when policy0 runs "performance" (well within the noise), 0.995 for "powersave"
#   dmc    1.08 when the dmc devfreq governor is "performance"
#   idle   no effect (deep idle states of the IRQ CPU disabled or not)
#   launch 1.05 when this process's Cpus_allowed_list equals except-cpus
set -u
state=${1:?usage: fake-workload.sh STATE_DIR}
t=$state/sysroot
get() { local v; read -r v < "$1" && printf '%s' "$v"; }
for f in "$t"/sys/bus/pci/devices/0003:31:00.0/msi_irqs/*; do irqn=${f##*/}; break; done
irq=$(get "$t/proc/irq/$irqn/smp_affinity_list")
p4=$(get "$t/sys/devices/system/cpu/cpufreq/policy4/scaling_governor")
p6=$(get "$t/sys/devices/system/cpu/cpufreq/policy6/scaling_governor")
little=$(get "$t/sys/devices/system/cpu/cpufreq/policy0/scaling_governor")
dmc=$(get "$t/sys/class/devfreq/dmc/governor")
idle=
for f in "$t"/sys/devices/system/cpu/cpu[0-9]*/cpuidle/state1/disable; do idle=$idle$(get "$f"); done
allowed=
while read -r k v; do [ "$k" = Cpus_allowed_list: ] && allowed=$v; done < /proc/$$/status
except=none; [ -f "$state/except-cpus" ] && except=$(get "$state/except-cpus")
n=1; [ -f "$state/count" ] && n=$(( $(get "$state/count") + 1 ))
echo "$n" > "$state/count"
big=0; [ "$p4" = performance ] && [ "$p6" = performance ] && big=1
launch=unpinned-or-big; [ "$allowed" = "$except" ] && launch=except-irq
seed=$(get "$state/seed")
# the noise of run n: the first 32 bits of md5("seed-n") as a fraction, independent from run to run
h=$(printf '%s-%s' "$seed" "$n" | md5sum)
u=$(( 16#${h:0:8} ))
speed=$(awk -v u="$u" -v amp="$(get "$state/noise")" -v irq="$irq" \
    -v big="$big" -v little="$little" -v dmc="$dmc" -v launch="$launch" 'BEGIN {
    f = 5
    if (irq == "6") f *= 1.75; else if (irq == "4" || irq == "5" || irq == "7") f *= 1.6
    if (big == 1) f *= 1.25
    if (little == "performance") f *= 1.002; else if (little == "powersave") f *= 0.995
    if (dmc == "performance") f *= 1.08
    if (launch == "except-irq") f *= 1.05
    printf "%.4f", f * (1 + amp * (2 * u / 4294967296 - 1))
}')
line="run=$n irq=$irq big=$big little=$little dmc=$dmc idle=$idle launch=$launch speed=$speed"
echo "$line" >> "$state/log"
if [ -f "$state/fail" ]; then
    case " $line " in *" $(get "$state/fail") "*) echo "axcl: device lost" >&2; exit 3 ;; esac
fi
if [ -f "$state/sleep-at" ] && [ "$(get "$state/sleep-at")" = "$n" ]; then
    sleep 120 &
    echo $! > "$state/sleep.pid"
    wait
fi
echo "09:45:41.002 INF Init:218 | LLM init ok"
echo "09:45:47.825 NTC Run:1145 | hit eos,avg $speed token/s"
