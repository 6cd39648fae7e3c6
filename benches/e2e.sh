#!/usr/bin/env bash
# End-to-end benchmark of `postmortem analyze` against the floors (cat, wc -l, zcat) and the
# peers an admin would otherwise run (GoAccess, pflogsumm, lnav), on the same generated files,
# in one run. Method and results: benches/README.md.
#
#   benches/e2e.sh [--dir DIR] [--sizes 100M,1G[,2G]] [--peers-on 100M,1G] [--reps N]
#                  [--rev REV] [--parsers] [--no-install] [--regen] [--clean]
#
# Needs: a Rust toolchain, bash 5, gzip, coreutils, awk, GNU time (/usr/bin/time). The peers
# are Debian packages; when one is missing the script installs it with apt-get (as root, or
# through `sudo -n`), and skips it with a note when that is not possible.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=/tmp/pm-bench
SIZES=100M,1G
PEERS_ON=100M,1G
REPS=3
INSTALL=1
REGEN=0
CLEAN=0
REV=
PARSERS=0
DAYS=7
SEED=1

usage() {
    sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    cat <<'EOF'

Options:
  --dir DIR          work directory for data sets and results (default /tmp/pm-bench)
  --sizes LIST       data sets to build and time: 100M, 1G, 2G (default 100M,1G)
  --peers-on LIST    sizes on which the peers run too (default 100M,1G; the others get only
                     postmortem and the floors, which is what the memory-flatness figure needs)
  --reps N           runs per command; the median is reported (default 3)
  --rev REV          build postmortem from git revision REV (`git archive`, into DIR/src)
                     instead of the working tree, e.g. --rev HEAD
  --parsers          also run the criterion parser benches (cargo bench -p postmortem-benches)
                     and `cat` on the same demo files, and print their MB/s
                     (--sizes none runs only this)
  --no-install       never run apt-get; skip missing peers
  --regen            regenerate data sets even if present
  --clean            delete the generated data sets at the end (results are kept)
EOF
}

while [[ $# -gt 0 ]]; do
    case $1 in
        --dir) WORK=$2; shift 2 ;;
        --sizes) SIZES=$2; shift 2 ;;
        --peers-on) PEERS_ON=$2; shift 2 ;;
        --reps) REPS=$2; shift 2 ;;
        --rev) REV=$2; shift 2 ;;
        --parsers) PARSERS=1; shift ;;
        --no-install) INSTALL=0; shift ;;
        --regen) REGEN=1; shift ;;
        --clean) CLEAN=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "e2e.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'e2e.sh: %s\n' "$*" >&2; exit 1; }

# Size label → generator scale (7 days of background; scale 20 ≈ 105 MB of text).
scale_of() {
    case $1 in
        100M) echo 20 ;;
        1G) echo 200 ;;
        2G) echo 400 ;;
        *) die "unknown size $1 (use 100M, 1G or 2G)" ;;
    esac
}
text_mb_of() { echo $(( $(scale_of "$1") * 105 / 20 )); }

[[ ${BASH_VERSINFO[0]} -ge 5 ]] || die "needs bash 5 (EPOCHREALTIME)"
IFS=, read -r -a SIZE_LIST <<<"$SIZES"
[[ $SIZES == none ]] && SIZE_LIST=()
for s in "${SIZE_LIST[@]}"; do scale_of "$s" >/dev/null; done

# ---------------------------------------------------------------------------------------------
# 1. Tools. GNU time is required; each peer is optional.

apt_install() { # PKG: install one Debian package, quietly; fails if impossible
    local pkg=$1 sudo=()
    [[ $INSTALL -eq 1 ]] || return 1
    command -v apt-get >/dev/null || return 1
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null && sudo -n true 2>/dev/null || return 1
        sudo=(sudo -n)
    fi
    say "installing Debian package '$pkg': apt-get install -y --no-install-recommends $pkg"
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "$pkg" >"$WORK/apt-$pkg.log" 2>&1; then
        say "apt-get install failed; running apt-get update once and retrying"
        if [[ ! -e $WORK/.apt-updated ]]; then
            "${sudo[@]}" apt-get update >>"$WORK/apt-$pkg.log" 2>&1 || true
            touch "$WORK/.apt-updated"
        fi
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y --no-install-recommends "$pkg" >>"$WORK/apt-$pkg.log" 2>&1 || return 1
    fi
}

need_tool() { # COMMAND PACKAGE: 0 if COMMAND is (or could be made) available
    command -v "$1" >/dev/null && return 0
    apt_install "$2" && command -v "$1" >/dev/null
}

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
say "work directory: $WORK"
say "peers used: goaccess, pflogsumm, lnav (Debian packages); GNU time for wall and max RSS"

[[ -x /usr/bin/time ]] || apt_install time || die "/usr/bin/time (Debian package 'time') is required"
# (Captured first: `| grep -q` would end the pipe early and fail under pipefail.)
[[ $(/usr/bin/time -v true 2>&1) == *"Maximum resident"* ]] || die "/usr/bin/time is not GNU time"
for t in gzip zcat wc cat awk; do command -v $t >/dev/null || die "$t is required"; done

declare -A HAVE=()
need_tool goaccess goaccess && HAVE[goaccess]=1 || say "skipping GoAccess: not installed, and apt-get could not install it (--no-install, not root, or see $WORK/apt-*.log)"
need_tool pflogsumm pflogsumm && HAVE[pflogsumm]=1 || say "skipping pflogsumm: not installed, and apt-get could not install it (--no-install, not root, or see $WORK/apt-*.log)"
need_tool lnav lnav && HAVE[lnav]=1 || say "skipping lnav: not installed, and apt-get could not install it (--no-install, not root, or see $WORK/apt-*.log)"

# ---------------------------------------------------------------------------------------------
# 2. Build postmortem and the generator (release).

SRC=$ROOT
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
if [[ -n $REV ]]; then
    COMMIT=$(git -C "$ROOT" rev-parse --short "$REV^{commit}") || die "no git revision $REV"
    SRC=$WORK/src
    TARGET=$WORK/target
    if [[ $(cat "$SRC/.commit" 2>/dev/null) != "$COMMIT" ]]; then
        rm -rf "$SRC"
        mkdir -p "$SRC"
        git -C "$ROOT" archive "$COMMIT" | tar -x -C "$SRC"
        echo "$COMMIT" >"$SRC/.commit"
    fi
    # The measuring stick itself (this script, the criterion benches) comes from the working tree.
    cp "$ROOT"/benches/*.rs "$ROOT"/benches/Cargo.toml "$SRC/benches/"
    BUILT_FROM="commit $COMMIT"
else
    BUILT_FROM="working tree at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
    [[ -z $(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null) ]] || BUILT_FROM+=", with uncommitted changes"
fi
say "building ($BUILT_FROM): cargo build --release -p postmortem -p scenario"
(cd "$SRC" && CARGO_TARGET_DIR=$TARGET cargo build --release --quiet -p postmortem -p scenario)
PM=$TARGET/release/postmortem
GEN=$TARGET/release/pm-scenario
[[ -x $PM && -x $GEN ]] || die "release binaries not found under $TARGET/release"
# The binary timed is the one the README has you copy onto a server, `cargo build-static`
# (glibc linked in: no dynamic loader at start-up). The usual dynamic build is timed beside it
# on the plain access and mail logs. A revision without the alias, or another machine than
# x86-64, times the dynamic build alone.
PM_DYNAMIC=
PM_BUILD="dynamic (cargo build --release)"
if [[ $(uname -m) == x86_64 ]]; then
    say "building the static binary: cargo build-static"
    if (cd "$SRC" && CARGO_TARGET_DIR=$TARGET cargo build-static --quiet); then
        PM_DYNAMIC=$PM
        PM=$TARGET/x86_64-unknown-linux-gnu/release/postmortem
        PM_BUILD="static (cargo build-static)"
    else
        say "no static build (no build-static alias at this revision?): timing the dynamic one"
    fi
fi

# ---------------------------------------------------------------------------------------------
# 3. Data sets: DIR/<size>/var/log (the generated tree: per log, `name` and `name.1` plain,
#    `name.2.gz` … `name.6.gz`), DIR/<size>/access.log and mail.log (every rotation of the
#    nginx access log and of the mail log, decompressed and concatenated oldest first).

free_mb() { df -Pm "$WORK" | awk 'NR==2 {print $4}'; }

rotations() { # tree name: the rotation set of NAME, oldest first
    local tree=$1 name=$2 i
    for i in 9 8 7 6 5 4 3 2; do [[ -e $tree/$name.$i.gz ]] && echo "$tree/$name.$i.gz"; done
    [[ -e $tree/$name.1 ]] && echo "$tree/$name.1"
    [[ -e $tree/$name ]] && echo "$tree/$name"
    return 0
}

make_set() { # SIZE
    local size=$1 scale dir stamp
    scale=$(scale_of "$size")
    dir=$WORK/$size
    # The generator by its content, not its modification time: `--rev` rebuilds it from
    # files stamped with the commit's time, and an unchanged generator should not make a
    # new copy of gigabytes.
    stamp="days=$DAYS scale=$scale seed=$SEED gen=$(sha256sum "$GEN" | cut -c1-16)"
    if [[ $REGEN -eq 0 && -e $dir/.done && $(cat "$dir/.done") == "$stamp" ]]; then
        say "$size: reusing $dir"
        return 0
    fi
    local need=$(( $(text_mb_of "$size") * 3 / 2 + 512 ))
    if [[ $(free_mb) -lt $need ]]; then
        say "$size: skipped, needs ~${need} MB free in $WORK, $(free_mb) MB available"
        return 1
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    say "$size: generating: pm-scenario background $dir --days $DAYS --scale $scale --seed $SEED"
    "$GEN" background "$dir" --days "$DAYS" --scale "$scale" --seed "$SEED" >"$dir/generator.txt"
    local log=$dir/var/log
    rotations "$log" nginx/access.log | xargs zcat -f >"$dir/access.log"
    rotations "$log" mail.log | xargs zcat -f >"$dir/mail.log"
    echo "$stamp" >"$dir/.done"
}

# ---------------------------------------------------------------------------------------------
# 4. Timing. Each data set's commands are queued, then run round-robin REPS times (run 1 of
#    every command, then run 2, …), so a change in machine load weighs on all of them alike.
#    Each run is under `/usr/bin/time -v`: wall from bash's EPOCHREALTIME around it (µs; time -v
#    rounds to 10 ms), CPU = (user+sys)/wall, max RSS from -v. The median of each is reported.

RESULTS=$WORK/results.tsv   # size input label wall_s cpu_pct rss_mb rc text_mb paired_ratio
RUNS=$WORK/runs.tsv         # every single run: size input label run wall_s cpu_pct rss_mb rc
OUT=$WORK/out
mkdir -p "$OUT"

median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

Q_INPUT=() Q_LABEL=() Q_MB=() Q_OUT=() Q_CMD=()
# queue INPUT LABEL TEXT_MB STDOUT -- COMMAND...
queue() {
    Q_INPUT+=("$1"); Q_LABEL+=("$2"); Q_MB+=("$3"); Q_OUT+=("$4"); shift 5
    Q_CMD+=("$(printf '%q ' "$@")")
}

run_queue() { # SIZE
    local size=$1 r i n=${#Q_CMD[@]} tv=$OUT/time.txt
    local -a rcs=()
    for ((r = 1; r <= REPS; r++)); do
        say "$size: run $r of $REPS"
        for ((i = 0; i < n; i++)); do
            local t0 t1 rrc=0 wall cpu rss
            t0=$EPOCHREALTIME
            eval "/usr/bin/time -v -o \"\$tv\" ${Q_CMD[i]}" >"${Q_OUT[i]}" 2>"$OUT/stderr.txt" || rrc=$?
            t1=$EPOCHREALTIME
            wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}')
            cpu=$(awk -F': ' -v w="$wall" '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.0f", 100*(u+s)/w}' "$tv")
            rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$tv")
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "${Q_INPUT[i]}" "${Q_LABEL[i]}" "$r" "$wall" "$cpu" "$rss" "$rrc" >>"$RUNS"
            if [[ $rrc -ne 0 ]]; then
                rcs[i]=$rrc
                say "  ${Q_INPUT[i]}: ${Q_LABEL[i]}: exit status $rrc ($(tail -c 300 "$OUT/stderr.txt" | tr '\n' ' '))"
            else
                say "  ${Q_INPUT[i]}: ${Q_LABEL[i]}: ${wall}s  cpu ${cpu}%  max RSS ${rss} MB"
            fi
        done
    done
    for ((i = 0; i < n; i++)); do
        local col mw mc mr
        for col in 5 6 7; do
            local m
            m=$(awk -F'\t' -v s="$size" -v inp="${Q_INPUT[i]}" -v l="${Q_LABEL[i]}" -v c=$col \
                '$1 == s && $2 == inp && $3 == l {print $c}' "$RUNS" | median)
            case $col in 5) mw=$m ;; 6) mc=$m ;; 7) mr=$m ;; esac
        done
        # The paired ratio: in each round, this command's wall ÷ postmortem's on the same
        # input (they ran minutes apart at most), then the median over the rounds. It follows
        # the machine's speed as it drifts, which a ratio of the two medians does not.
        local mp
        mp=$(awk -F'\t' -v s="$size" -v inp="${Q_INPUT[i]}" -v l="${Q_LABEL[i]}" '
            $1 == s && $2 == inp && $3 == "postmortem" {pm[$4] = $5}
            $1 == s && $2 == inp && $3 == l {w[$4] = $5}
            END {for (r in w) if (pm[r] > 0) print w[r] / pm[r]}' "$RUNS" | median)
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "${Q_INPUT[i]}" "${Q_LABEL[i]}" "$mw" "$mc" "$mr" "${rcs[i]:-0}" "${Q_MB[i]}" "$mp" >>"$RESULTS"
    done
    Q_INPUT=() Q_LABEL=() Q_MB=() Q_OUT=() Q_CMD=()
}

mb() { du -cm --apparent-size "$@" | awk 'END {print $1}'; }
# Lines postmortem read, from its JSON report (sum of sources[].lines).
pm_lines() { grep -o '"lines": *[0-9]*' "$1" | awk -F: '{n += $2} END {print n+0}'; }
check_lines() { # LABEL REPORT EXPECTED
    local got
    got=$(pm_lines "$2")
    [[ $got -eq $3 ]] || say "  WARNING: $1 read $got lines, wc -l says $3"
}

bench_set() { # SIZE
    local size=$1 dir=$WORK/$1 peers=0
    [[ ,$PEERS_ON, == *,$size,* ]] && peers=1
    local log=$dir/var/log access=$dir/access.log mail=$dir/mail.log o=$OUT/$1
    local tree_files gz_files
    mapfile -t tree_files < <(find "$log" -type f | sort)
    mapfile -t gz_files < <(find "$log" -type f -name '*.gz' | sort)
    local tree_mb access_mb mail_mb gz_mb gz_text_mb
    access_mb=$(mb "$access"); mail_mb=$(mb "$mail")
    gz_mb=$(mb "${gz_files[@]}")
    gz_text_mb=$(zcat "${gz_files[@]}" | wc -c | awk '{printf "%d", $1/1048576}')
    tree_mb=$(zcat -f "${tree_files[@]}" | wc -c | awk '{printf "%d", $1/1048576}')
    say "$size: tree ${tree_mb} MB of text in ${#tree_files[@]} files; access.log ${access_mb} MB; mail.log ${mail_mb} MB; ${#gz_files[@]} .gz files, ${gz_mb} MB → ${gz_text_mb} MB"
    printf '%s\ttree\t%s\t%s\n%s\taccess\t%s\t%s\n%s\tmail\t%s\t%s\n%s\tgz\t%s\t%s\n' \
        "$size" "$tree_mb" "${#tree_files[@]}" "$size" "$access_mb" 1 "$size" "$mail_mb" 1 \
        "$size" "$gz_text_mb" "${#gz_files[@]}" >>"$WORK/inputs.tsv"

    # Warm the page cache: every figure is for files already in memory.
    cat "${tree_files[@]}" "$access" "$mail" >/dev/null
    rm -f "$o"-*

    local n_access n_mail n_gz n_tree
    n_access=$(wc -l <"$access"); n_mail=$(wc -l <"$mail")
    n_gz=$(zcat "${gz_files[@]}" | wc -l); n_tree=$(zcat -f "${tree_files[@]}" | wc -l)

    # The plain access log.
    queue access "cat > /dev/null" "$access_mb" /dev/null -- cat "$access"
    queue access "wc -l" "$access_mb" /dev/null -- wc -l "$access"
    queue access "postmortem" "$access_mb" "$o-access.json" -- "$PM" analyze --quiet --json "$access"
    if [[ -n $PM_DYNAMIC ]]; then
        queue access "postmortem, dynamic build" "$access_mb" /dev/null -- "$PM_DYNAMIC" analyze --quiet --json "$access"
    fi
    if [[ $peers -eq 1 && -n ${HAVE[goaccess]:-} ]]; then
        queue access "goaccess" "$access_mb" /dev/null -- \
            goaccess "$access" --log-format=COMBINED --no-progress --no-global-config -o "$o-goaccess.json"
    fi
    if [[ $peers -eq 1 && -n ${HAVE[lnav]:-} ]]; then
        queue access "lnav count(*)" "$access_mb" "$o-lnav1.txt" -- \
            lnav -n -c ';SELECT count(*) FROM all_logs' "$access"
        queue access "lnav top URLs" "$access_mb" "$o-lnav2.txt" -- \
            lnav -n -c ';SELECT cs_uri_stem, count(*) FROM access_log GROUP BY 1 ORDER BY 2 DESC LIMIT 10' "$access"
    fi
    # The plain mail log.
    queue mail "cat > /dev/null" "$mail_mb" /dev/null -- cat "$mail"
    queue mail "wc -l" "$mail_mb" /dev/null -- wc -l "$mail"
    queue mail "postmortem" "$mail_mb" "$o-mail.json" -- "$PM" analyze --quiet --json "$mail"
    if [[ -n $PM_DYNAMIC ]]; then
        queue mail "postmortem, dynamic build" "$mail_mb" /dev/null -- "$PM_DYNAMIC" analyze --quiet --json "$mail"
    fi
    if [[ $peers -eq 1 && -n ${HAVE[pflogsumm]:-} ]]; then
        queue mail "pflogsumm" "$mail_mb" /dev/null -- pflogsumm "$mail"
    fi
    if [[ $peers -eq 1 && -n ${HAVE[lnav]:-} ]]; then
        queue mail "lnav count(*)" "$mail_mb" "$o-lnav3.txt" -- \
            lnav -n -c ';SELECT count(*) FROM all_logs' "$mail"
    fi
    # The .gz rotations of the tree.
    queue gz "zcat | wc -l" "$gz_text_mb" /dev/null -- sh -c 'zcat "$@" | wc -l' sh "${gz_files[@]}"
    queue gz "zcat ×$(nproc) | wc -l" "$gz_text_mb" /dev/null -- \
        sh -c 'printf "%s\n" "$@" | xargs -P "$(nproc)" -n 1 zcat | wc -l' sh "${gz_files[@]}"
    queue gz "postmortem" "$gz_text_mb" "$o-gz.json" -- "$PM" analyze --quiet --json "${gz_files[@]}"
    # The whole tree.
    queue tree "zcat -f | wc -l" "$tree_mb" /dev/null -- sh -c 'zcat -f "$@" | wc -l' sh "${tree_files[@]}"
    queue tree "postmortem" "$tree_mb" "$o-tree.json" -- "$PM" analyze --quiet --json "$log"
    queue tree "postmortem -j 1" "$tree_mb" "$o-tree-j1.json" -- "$PM" analyze --quiet --json -j 1 "$log"

    run_queue "$size"

    # Everyone read everything.
    check_lines "postmortem (access)" "$o-access.json" "$n_access"
    check_lines "postmortem (mail)" "$o-mail.json" "$n_mail"
    check_lines "postmortem (gz)" "$o-gz.json" "$n_gz"
    check_lines "postmortem (tree)" "$o-tree.json" "$n_tree"
    if [[ -e $o-goaccess.json ]]; then
        grep -q "\"valid_requests\": $n_access" "$o-goaccess.json" \
            || say "  WARNING: goaccess did not count $n_access valid requests"
    fi
}

# ---------------------------------------------------------------------------------------------
# 5. Run, then print the tables (markdown) to stdout and to $WORK/results.md.

: >"$RESULTS"; : >"$RUNS"; : >"$WORK/inputs.tsv"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
say "free disk in $WORK: $(free_mb) MB; memory: $(awk '/MemTotal/ {printf "%d MB", $2/1024}' /proc/meminfo)"
DONE_SIZES=()
for s in "${SIZE_LIST[@]}"; do
    if make_set "$s"; then
        bench_set "$s"
        DONE_SIZES+=("$s")
    fi
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------------------------
# 6. Parsers (--parsers): criterion, one thread, bytes in memory → events, on the demo files;
#    beside it `cat` on the same file (repeated to 256 MB or more, so that cat's start is noise).

PARSER_TABLE=
parser_bench() {
    local demo=$SRC/fixtures/demo/var/log log=$WORK/criterion.txt
    say "parsers: cargo bench -p postmortem-benches -- --measurement-time 3 --warm-up-time 1"
    (cd "$SRC" && CARGO_TARGET_DIR=$TARGET cargo bench --quiet -p postmortem-benches -- \
        --measurement-time 3 --warm-up-time 1) >"$log" 2>&1 || die "cargo bench failed, see $log"
    # criterion prints "parse/NAME  time: [...]" then "thrpt: [low MiB/s mid MiB/s high MiB/s]".
    crit() { # GROUP NAME → median MB/s (10^6 bytes)
        awk -v id="$1/$2" '
            $1 == id {hit = 1}
            hit && /thrpt:/ {v = $4; u = $5; gsub(/[^A-Za-z\/]/, "", u)
                f = (u == "GiB/s") ? 1073741824 : (u == "MiB/s") ? 1048576 : (u == "KiB/s") ? 1024 : 1
                printf "%.0f", v * f / 1e6; exit}' "$log"
    }
    local rows=("nginx_access nginx/access.log.1" "nginx_error nginx/error.log.1" "postfix mail.log"
        "mariadb mysql/error.log" "fail2ban fail2ban.log.1" "syslog syslog.1")
    local row name file size reps big t0 t1 catw p sp
    PARSER_TABLE=$'| format | demo file | bytes | parse MB/s | split only MB/s | cat MB/s | parse ÷ cat |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |'
    for row in "${rows[@]}"; do
        read -r name file <<<"$row"
        size=$(stat -c %s "$demo/$file")
        reps=$(( (256 * 1048576 + size - 1) / size ))
        big=$WORK/cat-$name
        # $reps copies, by doubling (bash loops of cat would take minutes for a 2 KB file).
        cp "$demo/$file" "$big.1"; : >"$big"
        local k=$reps
        while [[ $k -gt 0 ]]; do
            [[ $((k % 2)) -eq 1 ]] && cat "$big.1" >>"$big"
            k=$((k / 2))
            [[ $k -gt 0 ]] && { cat "$big.1" "$big.1" >"$big.2"; mv "$big.2" "$big.1"; }
        done
        rm -f "$big.1"
        cat "$big" >/dev/null
        local walls=()
        for r in 1 2 3 4 5; do
            t0=$EPOCHREALTIME; cat "$big" >/dev/null; t1=$EPOCHREALTIME
            walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')")
        done
        catw=$(printf '%s\n' "${walls[@]}" | median)
        local catmb
        catmb=$(awk -v b="$(stat -c %s "$big")" -v w="$catw" 'BEGIN {printf "%.0f", b / w / 1e6}')
        rm -f "$big"
        p=$(crit parse "$name"); sp=$(crit split "$name")
        PARSER_TABLE+=$'\n'"| $name | $file | $size | ${p:-?} | ${sp:-?} | $catmb | $(awk -v p="${p:-0}" -v c="$catmb" 'BEGIN {printf "%.3f", p / c}') |"
    done
}
[[ $PARSERS -eq 1 ]] && parser_bench

version_of() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "?"; }
report() {
    echo "Run of $STARTED on $(nproc) × $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)," \
        "$(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), kernel $(uname -r);" \
        "load average $LOAD_BEFORE before, $LOAD_AFTER after."
    echo
    echo "Versions: $("$PM" --version) ($BUILT_FROM), $PM_BUILD;" \
        "GoAccess $( [[ -n ${HAVE[goaccess]:-} ]] && version_of goaccess || echo 'not run');" \
        "pflogsumm $( [[ -n ${HAVE[pflogsumm]:-} ]] && version_of pflogsumm || echo 'not run');" \
        "lnav $( [[ -n ${HAVE[lnav]:-} ]] && version_of lnav || echo 'not run');" \
        "coreutils $(version_of coreutils); gzip $(version_of gzip); GNU time $(version_of time);" \
        "$(rustc --version 2>/dev/null | cut -d' ' -f1-2)."
    echo
    echo "Median of $REPS runs, warm page cache. × pm = wall ÷ postmortem's wall on the same input" \
        "(above 1: slower than postmortem); × pm paired = the median over the rounds of that ratio" \
        "within each round (robust to the machine's speed drifting between rounds)." \
        "× floor = wall ÷ the input's floor (cat for a plain file," \
        "zcat | wc -l for the .gz set, zcat -f | wc -l for the tree). MB/s = MB of text ÷ wall."
    if [[ -n $PARSER_TABLE ]]; then
        echo
        echo "### Parsers (criterion, one thread, MB = 10^6 bytes)"
        echo
        echo "$PARSER_TABLE"
    fi
    [[ ${#DONE_SIZES[@]} -gt 0 ]] || return 0
    local s
    for s in "${DONE_SIZES[@]}"; do
        echo
        awk -F'\t' -v s="$s" '$1 == s {v[$2] = $3; f[$2] = $4}
            END {printf "### %s data set: tree %s MB of text in %s files; access.log %s MB; mail.log %s MB; %s .gz files holding %s MB of text\n", s, v["tree"], f["tree"], v["access"], v["mail"], f["gz"], v["gz"]}' "$WORK/inputs.tsv"
        echo
        echo "| input | command | wall s | MB/s | CPU % | max RSS MB | × pm | × pm paired | × floor |"
        echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        awk -F'\t' -v s="$s" '
            $1 != s {next}
            {n++; inp[n] = $2; lab[n] = $3; w[n] = $4; c[n] = $5; r[n] = $6; rc[n] = $7; mbs[n] = $8
             pp[n] = ($9 == "" || $9 == "nan") ? "–" : sprintf("%.2f", $9)
             if ($3 == "postmortem") pm[$2] = $4
             if (!($2 in fl)) fl[$2] = $4}
            END {for (i = 1; i <= n; i++) {
                xp = (inp[i] in pm && pm[inp[i]] > 0) ? sprintf("%.2f", w[i] / pm[inp[i]]) : "–"
                xf = fl[inp[i]] > 0 ? sprintf("%.1f", w[i] / fl[inp[i]]) : "–"
                note = rc[i] != 0 ? sprintf(" (exit %s)", rc[i]) : ""
                l = lab[i]; gsub(/\|/, "\\|", l)
                printf "| %s | %s%s | %.3f | %.0f | %s | %.0f | %s | %s | %s |\n", inp[i], l, note, w[i], mbs[i] / w[i], c[i], r[i], xp, pp[i], xf}}' "$RESULTS"
    done
    echo
    echo "### Peak memory of postmortem as the input grows"
    echo
    printf '| input |'; for s in "${DONE_SIZES[@]}"; do printf ' %s |' "$s"; done; echo
    printf '| --- |'; for s in "${DONE_SIZES[@]}"; do printf ' ---: |'; done; echo
    local inp
    for inp in tree gz access mail; do
        printf '| %s (max RSS MB) |' "$inp"
        for s in "${DONE_SIZES[@]}"; do
            awk -F'\t' -v s="$s" -v i="$inp" '$1 == s && $2 == i && $3 == "postmortem" {printf " %.0f (of %s MB) |", $6, $8}' "$RESULTS"
        done
        echo
    done
}
report | tee "$WORK/results.md"
say "results: $WORK/results.md (medians), $RUNS (every run)"

if [[ $CLEAN -eq 1 ]]; then
    for s in "${DONE_SIZES[@]}"; do rm -rf "${WORK:?}/$s"; done
    rm -rf "$OUT"
    say "removed the generated data sets"
else
    say "data sets kept for the next run ($(du -sh "$WORK" | cut -f1) in $WORK); --clean removes them"
fi
