#!/usr/bin/env bash
# What one line of each kind costs `postmortem analyze`, in instructions, with callgrind: the
# figure the parser commits quote ("marginal instructions a line"). Instruction counts do not
# depend on the machine's load, so two builds compare on a busy shared machine too.
#
#   benches/lines.sh [--data DIR] [--lines N] [--only CLASS,...] BIN [BIN2]
#
# For each class of line (a Postfix delivery, a dovecot login, a GET answered 200, ...) a file
# is made of the first 2,000 lines of the log (the base) followed by the first N lines of that
# class, in their order (so their stamps are as sparse as in the log). The marginal cost is
# (instructions of the class file - instructions of the base) / N, for a run of
# `BIN analyze --quiet --json -j 1 --tz Asia/Tokyo FILE`: everything a line costs, from the read
# to the collector, and the diagnosis's share (start-up and output are left out; see below).
# With BIN2, both builds and their ratio.
#
# Needs valgrind. DIR is a data set of benches/e2e.sh (default /tmp/pm-bench/100M: run
# `benches/e2e.sh --sizes 100M --peers-on none --reps 1` once to make it); its mail.log and
# access.log are read. The class files go to DIR/lines/.
set -euo pipefail
export LC_ALL=C

DATA=/tmp/pm-bench/100M
LINES=20000
ONLY=

usage() { sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
    case $1 in
        --data) DATA=$2; shift 2 ;;
        --lines) LINES=$2; shift 2 ;;
        --only) ONLY=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "lines.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
        *) break ;;
    esac
done
[[ $# -ge 1 && $# -le 2 ]] || { usage >&2; exit 2; }
BINS=("$@")
command -v valgrind >/dev/null || { echo "lines.sh: needs valgrind" >&2; exit 1; }
for b in "${BINS[@]}"; do [[ -x $b ]] || { echo "lines.sh: $b is not executable" >&2; exit 1; }; done
for f in mail.log access.log; do
    [[ -s $DATA/$f ]] || { echo "lines.sh: no $DATA/$f (see --help)" >&2; exit 1; }
done

# class  log  extended regex (grep -E) that picks its lines
CLASSES=(
    "smtpd_connect   mail    postfix/smtpd\[[0-9]+\]: connect from "
    "smtpd_disc      mail    postfix/smtpd\[[0-9]+\]: disconnect from "
    "smtpd_client    mail    postfix/smtpd\[[0-9]+\]: [0-9A-F]+: client="
    "smtpd_sasl      mail    SASL [A-Z]+ authentication failed"
    "cleanup         mail    postfix/cleanup\[[0-9]+\]: [0-9A-F]+: message-id="
    "qmgr_from       mail    postfix/qmgr\[[0-9]+\]: [0-9A-F]+: from=<"
    "qmgr_removed    mail    postfix/qmgr\[[0-9]+\]: [0-9A-F]+: removed"
    "lmtp_sent       mail    postfix/lmtp\[[0-9]+\]: [0-9A-F]+: to=.*status=sent"
    "imap_login      mail    dovecot: imap-login: Login: "
    "imap_logout     mail    dovecot: imap\(.*Logged out in="
    "lmtp_connect    mail    dovecot: lmtp\([0-9]+\): Connect from"
    "lmtp_disc       mail    dovecot: lmtp\([0-9]+\): Disconnect from"
    "lmtp_msgid      mail    dovecot: lmtp\(.*msgid="
    "get_200         access  \"GET [^\"]*\" 200 "
    "get_404         access  \"GET [^\"]*\" 404 "
    "post            access  \"POST "
    "ipv6_client     access  ^[0-9a-f]*:[0-9a-f:]* - "
)

OUT=$DATA/lines
mkdir -p "$OUT"
for log in mail access; do
    head -n 2000 "$DATA/$log.log" >"$OUT/base-$log.log"
done

# The instructions of the scan's workers (read, split, parse, collect, fold) and of the
# diagnosis, summed over threads. Start-up, writing the report and freeing the findings (which
# analyze hands to the thread pool while it writes the report, so that whether it ran before
# the exit differs from run to run) are left out: with them, one build's counts varied by
# ~0.4 %; without, by ~0.1 % (hash seeds).
instructions() { # BIN FILE
    local profile
    profile=$(mktemp)
    valgrind --tool=callgrind --callgrind-out-file="$profile" \
        "$1" analyze --quiet --json -j 1 --tz Asia/Tokyo "$2" >/dev/null 2>&1
    # From /: in the checkout, callgrind_annotate shortens the paths it finds there and its
    # inclusive figures change with them.
    (cd / && callgrind_annotate --inclusive=yes --threshold=100 "$profile" 2>/dev/null) | awk '
        /analyzer::scan::scan::\{\{closure\}\} \[/ {gsub(",", "", $1); v = $1 + 0; if (v > scan) scan = v}
        /analyzer::diagnose::diagnose \[/ {gsub(",", "", $1); v = $1 + 0; if (v > diagnose) diagnose = v}
        END {print scan + diagnose}'
    rm -f "$profile"
}

declare -A BASE
for b in "${!BINS[@]}"; do
    for log in mail access; do
        BASE[$b.$log]=$(instructions "${BINS[$b]}" "$OUT/base-$log.log")
    done
done

header="| class | lines |"
rule="| --- | ---: |"
for b in "${BINS[@]}"; do header+=" $(basename "$b") |"; rule+=" ---: |"; done
[[ ${#BINS[@]} -eq 2 ]] && { header+=" ratio |"; rule+=" ---: |"; }
echo "Marginal instructions a line of \`analyze -j 1\` (callgrind), over the first 2,000 lines of $DATA/{mail,access}.log"
echo
echo "$header"
echo "$rule"
for spec in "${CLASSES[@]}"; do
    read -r class log regex <<<"$spec"
    if [[ -n $ONLY && ",$ONLY," != *",$class,"* ]]; then continue; fi
    grep -E -- "$regex" "$DATA/$log.log" | head -n "$LINES" >"$OUT/$class.only" || true
    n=$(wc -l <"$OUT/$class.only")
    if [[ $n -eq 0 ]]; then
        echo "| $class | 0 | (no such lines) |"
        continue
    fi
    cat "$OUT/base-$log.log" "$OUT/$class.only" >"$OUT/$class.log"
    row="| $class | $n |"
    costs=()
    for b in "${!BINS[@]}"; do
        ir=$(instructions "${BINS[$b]}" "$OUT/$class.log")
        base=${BASE[$b.$log]}
        cost=$(( (ir - base) / n ))
        costs+=("$cost")
        row+=" $cost |"
    done
    if [[ ${#BINS[@]} -eq 2 ]]; then
        row+=" $(awk -v a="${costs[0]}" -v b="${costs[1]}" 'BEGIN {printf "%.3f", b / a}') |"
    fi
    echo "$row"
done
