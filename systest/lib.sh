# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables are used by the scripts that source this file
# Shared helpers for the system tests (sourced by systest/run and systest/stage-*).
#
# Cache layout (survives between runs, outside any checkout; delete it to force a cold run):
#   $SYSTEST_CACHE/archives/<suite>-<arch>/   .deb files downloaded by debootstrap and apt
#   $SYSTEST_CACHE/trees/<name>-<suite>-<arch>-<key>.tar   finished Debian trees, key = hash of
#                                     the recipe (suite, architecture, package list)
#   $SYSTEST_CACHE/lock.<name>-<suite>-<arch>   flock held while that tree is being built
#   $SYSTEST_CACHE/run.lock           flock held by systest/run: one run at a time per machine
# A tree is built in a temporary directory and renamed into place only when complete, so an
# interrupted build leaves nothing that a later run would mistake for a good tree.

SYSTEST_CACHE=${SYSTEST_CACHE:-/var/cache/ax650n-tuning-systest}
# The Debian suites the stages run on (a stage takes one as its third argument). Debian's
# archive serves all three; bullseye's OpenJDK 17 is in bullseye-security.
SYSTEST_SUITES="bullseye bookworm trixie"
SYSTEST_DEFAULT_SUITE=bookworm
SYSTEST_MIRROR=${SYSTEST_MIRROR:-http://deb.debian.org/debian}
SYSTEST_SECURITY_MIRROR=${SYSTEST_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
SYSTEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(cd "$SYSTEST_DIR/.." && pwd)

log() { printf '[systest %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Mount points this process created, unmounted in reverse order by cleanup_mounts.
SYSTEST_MOUNTS=()

mount_tracked() { # mount_tracked TARGET MOUNT-ARGS...
  local target=$1; shift
  mount "$@" "$target"
  SYSTEST_MOUNTS+=("$target")
}

cleanup_mounts() {
  local i m
  for ((i = ${#SYSTEST_MOUNTS[@]} - 1; i >= 0; i--)); do
    m=${SYSTEST_MOUNTS[$i]}
    if mountpoint -q "$m"; then
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"
    fi
  done
  SYSTEST_MOUNTS=()
}

# chroot_mounts ROOT ARCH [SUITE]: /proc, a private /dev/pts, and the shared apt archive cache
# of that suite and architecture (default bookworm).
chroot_mounts() {
  local root=$1 arch=$2 suite=${3:-$SYSTEST_DEFAULT_SUITE}
  mkdir -p "$root/proc" "$root/dev/pts" "$root/var/cache/apt/archives" "$SYSTEST_CACHE/archives/$suite-$arch/partial"
  mount_tracked "$root/proc" -t proc proc
  mount_tracked "$root/dev/pts" -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts
  mount_tracked "$root/var/cache/apt/archives" --bind "$SYSTEST_CACHE/archives/$suite-$arch"
}

# in_chroot ROOT TIMEOUT CMD...: run a command in the tree, noninteractive, with a time limit.
in_chroot() {
  local root=$1 limit=$2; shift 2
  timeout --kill-after=15 "$limit" chroot "$root" /usr/bin/env -i \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true \
    "$@"
}

# ensure_tools: install what the stages need when it is missing.
ensure_tools() {
  local missing=() pair
  for pair in debootstrap:debootstrap qemu-system-x86_64:qemu-system-x86 \
              qemu-aarch64-static:qemu-user-static update-binfmts:binfmt-support \
              mke2fs:e2fsprogs flock:util-linux \
              qemu-system-aarch64:qemu-system-arm dtc:device-tree-compiler; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  # qemu-system-x86 needs its firmware; it is a dependency, so the binary check covers it.
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    timeout 600 apt-get update -qq
    DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# ensure_binfmt_arm64: binfmt_misc mounted and the qemu-aarch64 handler (with the F flag) on.
ensure_binfmt_arm64() {
  if ! mountpoint -q /proc/sys/fs/binfmt_misc; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
  fi
  if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
    update-binfmts --enable qemu-aarch64
  fi
  grep -q '^enabled' /proc/sys/fs/binfmt_misc/qemu-aarch64 \
    || die "binfmt handler qemu-aarch64 is not enabled (see /proc/sys/fs/binfmt_misc/qemu-aarch64)"
  grep -q '^flags: .*F' /proc/sys/fs/binfmt_misc/qemu-aarch64 \
    || die "binfmt handler qemu-aarch64 lacks the F flag; a chroot cannot find the interpreter"
}

# tree_key NAME SUITE ARCH PACKAGES: short hash of the recipe; a changed recipe means a new tree.
SYSTEST_RECIPE_VERSION=2
tree_key() {
  printf '%s|%s|%s|%s|%s\n' "$SYSTEST_RECIPE_VERSION" "$2" "$1" "$3" "$4" \
    | sha256sum | cut -c1-12
}

# check_suite SUITE: one of SYSTEST_SUITES, or die.
check_suite() {
  case " $SYSTEST_SUITES " in
    *" $1 "*) ;;
    *) die "unknown Debian suite '$1' (known: $SYSTEST_SUITES)" ;;
  esac
}

# ensure_tree NAME ARCH "PKG ..." [SUITE]: set TREE_TAR to the cached tarball of that tree of
# SUITE (default bookworm), building it when missing.
# (No command substitution: the build's mounts must stay visible to the caller's cleanup trap.)
TREE_TAR=
ensure_tree() {
  local name=$1 arch=$2 pkgs=$3 suite=${4:-$SYSTEST_DEFAULT_SUITE} key lockfd id
  check_suite "$suite"
  key=$(tree_key "$name" "$suite" "$arch" "$pkgs")
  id=$name-$suite-$arch
  TREE_TAR="$SYSTEST_CACHE/trees/$id-$key.tar"
  mkdir -p "$SYSTEST_CACHE/trees" "$SYSTEST_CACHE/archives/$suite-$arch"
  exec {lockfd}>"$SYSTEST_CACHE/lock.$id"
  timeout 3600 flock "$lockfd" || die "timed out waiting for $SYSTEST_CACHE/lock.$id"
  if [ ! -s "$TREE_TAR" ]; then
    build_tree "$name" "$arch" "$pkgs" "$TREE_TAR" "$suite"
  else
    log "cache hit: $TREE_TAR"
  fi
  exec {lockfd}>&-
}

# build_tree NAME ARCH PKGS TAR SUITE: debootstrap minbase of SUITE + PKGS (no recommends),
# then tar it.
build_tree() {
  local name=$1 arch=$2 pkgs=$3 tar=$4 suite=$5 tmp start id
  start=$(date +%s)
  id=$name-$suite-$arch
  tmp="$SYSTEST_CACHE/tmp/$id/tree"
  remove_tree "$SYSTEST_CACHE/tmp/$id"   # what an interrupted build left
  mkdir -p "$tmp"
  log "cache miss: building $name ($suite, $arch) in $tmp"
  [ "$arch" = amd64 ] || ensure_binfmt_arm64
  timeout 1800 debootstrap --arch="$arch" --variant=minbase \
    --cache-dir="$SYSTEST_CACHE/archives/$suite-$arch" "$suite" "$tmp" "$SYSTEST_MIRROR" \
    > "$SYSTEST_CACHE/tmp/$id/debootstrap.log" 2>&1 \
    || { tail -n 30 "$SYSTEST_CACHE/tmp/$id/debootstrap.log" >&2; die "debootstrap $name ($suite, $arch) failed"; }
  cat > "$tmp/etc/apt/sources.list" <<EOF
deb $SYSTEST_MIRROR $suite main
deb $SYSTEST_MIRROR $suite-updates main
deb $SYSTEST_SECURITY_MIRROR $suite-security main
EOF
  # Keep downloaded packages: the archive directory is the shared cache.
  echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > "$tmp/etc/apt/apt.conf.d/90systest-keep"
  echo 'APT::Install-Recommends "false";' > "$tmp/etc/apt/apt.conf.d/90systest-norecommends"
  rm -f "$tmp/etc/apt/apt.conf.d/docker-clean"
  if [ -n "$pkgs" ]; then
    chroot_mounts "$tmp" "$arch" "$suite"
    in_chroot "$tmp" 600 apt-get update -qq
    # shellcheck disable=SC2086 # word splitting of the package list is intended
    in_chroot "$tmp" 2400 apt-get install -y -q $pkgs > "$SYSTEST_CACHE/tmp/$id/apt.log" 2>&1 \
      || { tail -n 40 "$SYSTEST_CACHE/tmp/$id/apt.log" >&2; cleanup_mounts; die "apt-get install in $name ($suite) failed"; }
    cleanup_mounts
  fi
  tar -C "$tmp" --numeric-owner --xattrs -cf "$tar.part" .
  mv "$tar.part" "$tar"
  remove_tree "$tmp"
  # Older trees of the same name (an earlier recipe) are dead weight.
  find "$SYSTEST_CACHE/trees" -name "$id-*.tar" ! -path "$tar" -delete
  log "built $tar ($(du -h "$tar" | cut -f1)) in $(($(date +%s) - start)) s"
}

# remove_tree DIR: unmount whatever is mounted below DIR (a killed earlier run may have left
# its chroot mounts, including the bind-mounted archive cache), then delete DIR.
remove_tree() {
  local dir m
  [ -e "$1" ] || return 0
  dir=$(realpath "$1")
  # Mount points are field 5 of mountinfo; deepest first.
  awk -v d="$dir" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo \
    | sort -r | while read -r m; do
        umount "$m" 2>/dev/null || umount -l "$m"
      done
  if awk -v d="$dir" '$5 == d || index($5, d "/") == 1 { f = 1 } END { exit !f }' /proc/self/mountinfo; then
    die "refusing to delete $dir: something is still mounted below it"
  fi
  rm -rf --one-file-system "$dir"
}

# unpack_tree TAR DIR: a fresh working copy of a cached tree.
unpack_tree() {
  mkdir -p "$2"
  timeout 600 tar -C "$2" --numeric-owner --xattrs -xf "$1"
}

# find_deb DIR ARCH: the one package of this version and architecture.
find_deb() {
  local dir=$1 arch=$2 debs
  shopt -s nullglob
  debs=("$dir"/ax650n-tuning_*_"$arch".deb)
  shopt -u nullglob
  ((${#debs[@]} == 1)) || die "expected exactly one ax650n-tuning_*_$arch.deb in $dir, found ${#debs[@]} (build with: mvn -B package)"
  printf '%s\n' "${debs[0]}"
}

# The cached trees (their package lists are part of the cache key).
# install: clean minbase + the suite's default Java runtime, so that the piuparts-style
#          comparison sees only what our package adds (on bullseye the default is Java 11,
#          and our package pulls OpenJDK 17 from bullseye-security itself, as on a user's
#          system).  boot: a bootable systemd system with a kernel.  arm64: one trixie tree
#          for both arm64 stages, the chroot test (arm64-trixie) and the booted one
#          (arm64-boot): systemd, udev, the kernel and the Java runtime. Building an arm64 tree
#          under qemu-user is the longest step of a cold run (15-27 minutes here), so it is
#          built once; the chroot test only needs its Java runtime, and systemd in the tree does
#          not run in a chroot (the package's maintainer scripts only enable the unit there).
#          zstd: the initramfs is compressed with it (trixie's default) instead of gzip, much
#          faster under qemu-user.
TREE_INSTALL_PKGS="default-jre-headless"
TREE_BOOT_PKGS="systemd-sysv udev linux-image-amd64 default-jre-headless"
TREE_ARM64_PKGS="systemd-sysv udev linux-image-arm64 zstd default-jre-headless"
TREE_ARM64_SUITE=trixie

# cds_check ROOT LOGPREFIX: the class-data archive that update-cds built at install is there
# and a command maps it: with -Xlog:class+load the package's own classes come from the
# "shared objects file". Sets CDS_INFO to a one-line summary; returns 1 (CDS_INFO says why)
# otherwise. Needs the chroot's mounts.
CDS_INFO=
cds_check() {
  local root=$1 prefix=$2 shared total
  CDS_INFO=
  if [ ! -s "$root/var/cache/ax650n-tuning/ax650n.jsa" ] || [ ! -s "$root/var/cache/ax650n-tuning/ax650n.jsa.stamp" ]; then
    CDS_INFO="no class-data archive in /var/cache/ax650n-tuning after install"
    return 1
  fi
  rm -f "$root/tmp/ax650n-cl.txt"
  in_chroot "$root" 300 env JAVA_TOOL_OPTIONS=-Xlog:class+load:file=/tmp/ax650n-cl.txt \
    ax650n-diagnose --demo > "$prefix-cds-diagnose.txt" 2>&1 || true
  cp "$root/tmp/ax650n-cl.txt" "$prefix-cds-classload.txt" 2>/dev/null || : > "$prefix-cds-classload.txt"
  rm -f "$root/tmp/ax650n-cl.txt"
  total=$(grep -c ' ax650n\.tuning\.' "$prefix-cds-classload.txt" || true)
  shared=$(grep ' ax650n\.tuning\.' "$prefix-cds-classload.txt" | grep -c 'source: shared objects file' || true)
  if [ "${total:-0}" = 0 ] || [ "${shared:-0}" = 0 ]; then
    CDS_INFO="the archive is not used: ${shared:-0} of ${total:-0} ax650n classes from the shared objects file (see $prefix-cds-classload.txt)"
    return 1
  fi
  CDS_INFO="$(du -h "$root/var/cache/ax650n-tuning/ax650n.jsa" | cut -f1) archive for $(in_chroot "$root" 30 readlink -f /usr/bin/java), $shared of $total ax650n classes loaded from it"
}

# no_jvm_noise FILE: FILE (an apt log) shows no JVM error and no update-cds complaint.
no_jvm_noise() {
  ! grep -nE 'update-cds:|Error occurred during initialization of VM|class list format error|Exception in thread|^Caused by:|Unrecognized VM option' "$1"
}
