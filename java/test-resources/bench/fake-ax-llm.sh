#!/bin/bash
# A stand-in for ax-llm in the bench tests. It prints one run's output in the format and with
# the numbers the test chose, and its numbers depend on the mode the host is in, which it works
# out for itself as a real benchmark would feel it:
#   tuned   = the test host tree's policy0 scaling_governor (or the file named, relative to the
#             tree, in STATE_DIR/governor-file) reads "performance"
#   pinned  = tuned, and this process's own Cpus_allowed_list equals the file pinned-cpus
#   untuned = otherwise (an untuned host with a pinned process is an error: exit 99)
# Usage: fake-ax-llm.sh STATE_DIR
# STATE_DIR holds sysroot/ (the test host tree), pinned-cpus, and seq.untuned, seq.tuned,
# seq.pinned: one run per line, consumed in order, one of
#   old|axllm|newest SPEED [TTFT]   the three ax-llm formats (ttft line only when TTFT is given)
#   exit3 FORMAT SPEED [TTFT]       prints the numbers but exits with status 3
#   garbage                         prints no speed line, exits 0
#   sleep SECONDS                   prints a ttft line and sleeps (for the interrupt test)
#   stdin                           prints the speed read from its standard input
#   axcl MIN MAX AVG [MEDIAN P5 P90 P95 P99]
#                                   an axcl_run_model summary (older shape without MEDIAN, newer with all)
#   cat FILE                        prints FILE (a real runner output from java/testdata)
#   print WORDS...                  prints the words on one line (for --metric NAME=REGEX)
# Each run appends its mode to STATE_DIR/order.
set -u
state=${1:?usage: fake-ax-llm.sh STATE_DIR}
govfile=sys/devices/system/cpu/cpufreq/policy0/scaling_governor
[ -f "$state/governor-file" ] && govfile=$(cat "$state/governor-file")
gov=$(cat "$state/sysroot/$govfile")
allowed=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/$$/status)
pinned_cpus=$(cat "$state/pinned-cpus")
if [ "$gov" = performance ]; then
    if [ "$allowed" = "$pinned_cpus" ]; then mode=pinned; else mode=tuned; fi
else
    if [ "$allowed" = "$pinned_cpus" ]; then echo "fake: pinned but untuned" >&2; exit 99; fi
    mode=untuned
fi
echo "$mode" >> "$state/order"
n=$(cat "$state/count.$mode" 2>/dev/null || echo 0)
echo $((n + 1)) > "$state/count.$mode"
entry=$(sed -n "$((n + 1))p" "$state/seq.$mode")
if [ -z "$entry" ]; then echo "fake: seq.$mode exhausted at run $((n + 1))" >&2; exit 98; fi
set -- $entry

status=0
if [ "$1" = exit3 ]; then status=3; shift; fi
esc=$'\e'
case "$1" in
old)
    echo "${esc}[32m[I][                            Init][ 278]: LLM init ok${esc}[0m"
    [ $# -ge 3 ] && echo "${esc}[32m[I][                             Run][1016]: ttft: $3 ms${esc}[0m"
    echo "I am a fake language model."
    echo "${esc}[1;31m[N][                             Run][1168]: hit eos,avg $2 token/s${esc}[0m" ;;
axllm)
    echo "09:45:41.002 INF Init:218 | LLM init ok"
    [ $# -ge 3 ] && echo "09:45:45.569 INF Run:1023 | ttft: $3 ms" >&2
    echo "Hello from a fake model."
    echo "09:45:47.825 NTC Run:1145 | hit eos,avg $2 token/s" ;;
newest)
    [ $# -ge 3 ] && echo "${esc}[36m11:02:15.204${esc}[0m INF Run:4980 | ttft: $3 ms"
    echo "Sure."
    echo "${esc}[36m11:02:15.661${esc}[0m ${esc}[33mNTC${esc}[0m Run:5095 | hit eos,decode avg $2 token/s" >&2 ;;
garbage)
    echo "axcl_init failed: ret=0x8030000b"
    echo "Segmentation fault (core dumped)" >&2 ;;
stdin)
    if read -r v; then echo "09:45:47.825 NTC Run:1145 | hit eos,avg $v token/s"; else echo "prompt >> (end of input)"; fi ;;
axcl)
    echo "   Run AxModel:"
    echo "         model: /opt/data/npu/models/fake.axmodel"
    echo "  ---------------------------------------------------------------------------"
    if [ $# -ge 5 ]; then
        echo "  min = $2 ms   max = $3 ms   avg = $4 ms  median = $5 ms"
        [ $# -ge 9 ] && echo "   5% = $6 ms   90% = $7 ms   95% = $8 ms     99% = $9 ms"
    else
        echo "  min = $2 ms   max = $3 ms   avg = $4 ms"
    fi
    echo "  ---------------------------------------------------------------------------" ;;
cat)
    cat "$2" ;;
print)
    shift; echo "$*" ;;
sleep)
    echo "09:45:45.569 INF Run:1023 | ttft: 400.00 ms"
    sleep "$2" &
    echo $! > "$state/sleep.pid"
    wait ;;
*)
    echo "fake: bad entry '$entry'" >&2; exit 97 ;;
esac
exit $status
