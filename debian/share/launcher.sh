# Shared by /usr/bin/ax650n-diagnose, /usr/bin/ax650n-tune and
# /usr/libexec/ax650n-tuning/update-cds (sourced by /bin/sh; not executable itself).
# Needs no environment variables: the JVM is /usr/bin/java (the alternatives system picks it).

AX650N_JAR=/usr/share/ax650n-tuning/ax650n-tuning.jar
AX650N_CLI_JAR=/usr/share/java/commons-cli.jar
AX650N_CP=$AX650N_JAR:$AX650N_CLI_JAR
AX650N_CDS=/var/cache/ax650n-tuning/ax650n.jsa

# A short-lived command on a small board: a small heap and stack, only the fast C1 compiler,
# no perf-data file in /tmp, and no raise of RLIMIT_NOFILE at start (a setrlimit call that the
# tool does not need). G1, not the serial collector: on JDK 17 only G1 maps the archived heap
# objects of a class-data archive (the module graph, class mirrors, strings), which the serial
# collector builds at every start; measured on a 2-CPU amd64 VM, status and diagnose took about
# 10 ms less CPU and wall with G1, at the same peak RSS (issue 15). CompileThresholdScaling=3:
# C1 compiles a method after three times the usual calls, so a run of a few hundred ms spends
# less on compiling code it then hardly runs (10-20 ms less CPU for status and diagnose, wall
# down as well); 10 was no better.
AX650N_JAVA_OPTS="-XX:+UseG1GC -Xms8m -Xmx64m -Xss512k -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=3 -XX:-UsePerfData -XX:-MaxFDLimit"
# `ax650n-diagnose --demo` reads the CM3588 test host that the package installs as files here.
AX650N_JAVA_OPTS="$AX650N_JAVA_OPTS -Dax650n.tuning.demo=/usr/share/ax650n-tuning/demo/cm3588"

# The real java binary behind /usr/bin/java, or nothing.
ax650n_java() {
    readlink -f /usr/bin/java 2>/dev/null || true
}

# Identity of everything an application class-data archive depends on: the JVM binary and
# its libjvm.so, the JDK's release file, and both jars (path, size, mtime). A JRE
# upgrade, a switch of /usr/bin/java to another JDK or a new jar changes it. No inode: a
# root file system copied into a disk image keeps paths, sizes and mtimes but not inodes,
# and the archive stays valid there.
ax650n_stamp() {
    ax650n_home=${1%/bin/java}
    stat -L -c '%n %s %Y' "$1" "$ax650n_home/lib/server/libjvm.so" "$ax650n_home/release" \
        "$AX650N_JAR" "$AX650N_CLI_JAR" 2>/dev/null || true
}

# ax650n_exec MAINCLASS ARGS... : replaces the shell with the JVM.
# The archive is passed only when its stamp matches this JVM and these jars; otherwise the
# JVM runs with its default archive and prints nothing about ours. The check costs one fork
# (stat): the stamp is read with the shell's own `read`, and its first path, the real JVM
# when the stamp was made, is compared with /usr/bin/java by `test -ef` (the same file, links
# followed) instead of asking readlink; its home gives libjvm.so and the release file.
ax650n_exec() {
    ax650n_main=$1
    shift
    if [ ! -x /usr/bin/java ]; then
        echo "ax650n-tuning: no Java runtime at /usr/bin/java (install default-jre-headless)" >&2
        exit 3
    fi
    ax650n_jvm=/usr/bin/java
    ax650n_cds=
    if [ -r "$AX650N_CDS" ] && [ -r "$AX650N_CDS.stamp" ]; then
        ax650n_recorded=
        ax650n_first=
        while IFS= read -r ax650n_line || [ -n "$ax650n_line" ]; do
            [ -n "$ax650n_recorded" ] || ax650n_first=${ax650n_line% * *} # "PATH SIZE MTIME"
            ax650n_recorded="$ax650n_recorded$ax650n_line
"
        done < "$AX650N_CDS.stamp"
        # -ef is not POSIX, but dash (Debian's /bin/sh), bash and busybox sh all have it
        # shellcheck disable=SC3013
        if [ -n "$ax650n_first" ] && [ /usr/bin/java -ef "$ax650n_first" ]; then
            ax650n_jvm=$ax650n_first
            # as $(...) does: without the trailing newlines
            while [ "${ax650n_recorded%
}" != "$ax650n_recorded" ]; do
                ax650n_recorded=${ax650n_recorded%
}
            done
            if [ "$(ax650n_stamp "$ax650n_jvm")" = "$ax650n_recorded" ]; then
                ax650n_cds=-XX:SharedArchiveFile=$AX650N_CDS
            fi
        fi
    fi
    # shellcheck disable=SC2086
    exec "$ax650n_jvm" $AX650N_JAVA_OPTS -Xshare:auto ${ax650n_cds:+"$ax650n_cds"} \
        -cp "$AX650N_CP" "$ax650n_main" "$@"
}
