#!/usr/bin/env bash
# Whole-process build benchmark. Writes synthetic sites with bench/gen_corpus.py
# (--layout plain for ketenwijzer; --layout hugo / zola for Hugo and Zola where installed) and
# reports wall time, peak RSS, output size and search-index size, median of RUNS, the tools
# alternating run by run. Every run builds into a new output folder, so all tools do the same
# work; nothing is deleted until the end (on ext4, creating thousands of files within ~30 s of
# deleting thousands makes the kernel walk past every recently freed inode for each new one:
# perf showed 30% of a 30k build in recently_deleted(), timing the cleanup, not the build).
# Needs free disk space for all corpora and outputs (about 5 GB for 1k+10k+30k with Hugo). A last line per size gives
# ketenwijzer's rebuild into its existing output with nothing changed.
#
#   bench/build.sh [N ...]              default sizes: 1000 10000 30000; RUNS=3
#   BENCH_DIR=/dev/shm bench/build.sh   corpora and output on tmpfs (the disk left out)
#   CI smoke run:  RUNS=1 bench/build.sh 200
#   BENCH_STRICT=1 bench/build.sh 10000 30000   exit 1 when a target below is missed
# The last lines check issue #19's targets for the sizes 10000 and 30000 that were run, PASS or
# FAIL each: peak RSS at most 350 MB at 10,000 pages and 500 MB at 30,000; 10,000 pages in at
# most 0.2 x Hugo's time (same run); 30,000 pages in at most 3.1 x the 10,000-page time.
set -euo pipefail
cd "$(dirname "$0")/.."
# The corpus generator ships in the repository (a copy of the project's shared one).
gen=${GEN_CORPUS:-bench/gen_corpus.py}
runs=${RUNS:-3}
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 30000)
cargo build --release -q
bin=$PWD/target/release/ketenwijzer
work=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/kw-bench.XXXXXX"); trap 'rm -rf "$work"' EXIT

measure() { # prints "wall_s rss_kb"; the output folder ($1) must not exist yet
  local out=$1; shift
  sync
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || {
    echo "failed: $*" >&2; cat "$work/err" "$work/time" >&2; return 1; }
  cat "$work/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# "fastest-slowest" of a file of wall times: on a shared machine identical runs can differ by
# a fifth, more than most changes; a ratio near its target needs the spread beside it.
spread() { sort -n "$1" | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%s-%s s", lo, hi}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

tools=(ketenwijzer)
command -v hugo >/dev/null && tools+=(hugo)
command -v zola >/dev/null && tools+=(zola)

declare -A wall rebuild peak hugo_wall
printf "%-7s %-12s %8s %8s %10s %10s   %s\n" pages tool wall_s peak_MB output_MB search_MB "spread of the runs; vs ketenwijzer (wall, memory)"
for n in "${sizes[@]}"; do
  python3 "$gen" "$work/ketenwijzer-$n" --layout plain -n "$n" >/dev/null
  printf 'title: Bench\nbase_url: https://example.org/\nkeep_order_prefix: true\n' > "$work/ketenwijzer-$n/site.yaml"
  for t in "${tools[@]}"; do
    [ "$t" = ketenwijzer ] || python3 "$gen" "$work/$t-$n" --layout "$t" -n "$n" >/dev/null
    : > "$work/$t.t"; : > "$work/$t.m"
  done
  for r in $(seq "$runs"); do
    for t in "${tools[@]}"; do
      s="$work/$t-$n"; out="$s/public-$r"
      case $t in
        ketenwijzer) cmd=("$bin" build --root "$s" --out "$out") ;;
        hugo) cmd=(hugo --quiet -s "$s" -d "$out") ;;
        zola) cmd=(zola --root "$s" build -o "$out" --force) ;;
      esac
      read -r w m < <(measure "$out" "${cmd[@]}")
      echo "$w" >> "$work/$t.t"; echo "$m" >> "$work/$t.m"
    done
  done
  kt=$(median < "$work/ketenwijzer.t"); km=$(median < "$work/ketenwijzer.m")
  wall[$n]=$kt; peak[$n]=$((km / 1024))
  for t in "${tools[@]}"; do
    tt=$(median < "$work/$t.t"); tm=$(median < "$work/$t.m")
    out_mb=$(du -sm "$work/$t-$n/public-1" | cut -f1)
    idx=-; [ "$t" = ketenwijzer ] && idx=$(du -sk "$work/$t-$n/public-1/zoeken" | awk '{printf "%.1f", $1/1024}')
    cmp="runs $(spread "$work/$t.t")"
    [ "$t" = ketenwijzer ] || cmp="$cmp; ketenwijzer/$t: wall $(ratio "$kt" "$tt"), memory $(ratio "$km" "$tm")"
    [ "$t" = hugo ] && hugo_wall[$n]=$tt
    printf "%-7s %-12s %8s %8s %10s %10s   %s\n" "$n" "$t" "$tt" "$((tm / 1024))" "$out_mb" "$idx" "$cmp"
  done
  # Rebuild into an existing output with nothing changed: the cache beside it shows every input
  # and output file as the last build left them, so nothing is rendered or written (#19: at
  # most 25% of a full build).
  : > "$work/rebuild.t"; : > "$work/rebuild.m"
  for r in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$bin" build --root "$work/ketenwijzer-$n" --out "$work/ketenwijzer-$n/public-1" >/dev/null 2>&1
    read -r w m < "$work/time"
    echo "$w" >> "$work/rebuild.t"; echo "$m" >> "$work/rebuild.m"
  done
  rt=$(median < "$work/rebuild.t"); rm_kb=$(median < "$work/rebuild.m")
  rebuild[$n]=$rt
  printf "%-7s %-12s %8s %8s %10s %10s   %s\n" "$n" "(rebuild)" "$rt" "$((rm_kb / 1024))" - - \
    "nothing changed: $(ratio "$rt" "$kt") of the full build (target <= 0.25)"
done
# Cost per page should not grow with the site.
prev=""
for n in "${sizes[@]}"; do
  if [ -n "$prev" ]; then
    echo "ketenwijzer ${n} vs ${prev} pages: $(ratio "${wall[$n]}" "${wall[$prev]}")x the time for $(ratio "$n" "$prev")x the pages"
  fi
  prev=$n
done
# Issue #19's targets, for the sizes run.
failed=0
check() { # label, value, limit: PASS when value <= limit
  local verdict=PASS
  awk -v v="$2" -v l="$3" 'BEGIN { exit !(v <= l) }' || { verdict=FAIL; failed=1; }
  printf "%-58s %8s <= %-6s %s\n" "$1" "$2" "$3" "$verdict"
}
if [ -n "${wall[10000]:-}${wall[30000]:-}" ]; then
  echo "targets (issue #19; RUNS=$runs, median):"
  if [ -n "${wall[10000]:-}" ]; then
    check "10000 pages: peak RSS, MB" "${peak[10000]}" 350
    check "10000 pages: rebuild, nothing changed ${rebuild[10000]} s / full ${wall[10000]} s" "$(ratio "${rebuild[10000]}" "${wall[10000]}")" 0.25
    if [ -n "${hugo_wall[10000]:-}" ]; then
      check "10000 pages: wall ${wall[10000]} s / Hugo's ${hugo_wall[10000]} s" "$(ratio "${wall[10000]}" "${hugo_wall[10000]}")" 0.20
    else
      echo "10000 pages: wall vs Hugo: hugo not installed, not checked"
    fi
  fi
  [ -n "${wall[30000]:-}" ] && check "30000 pages: peak RSS, MB" "${peak[30000]}" 500
  if [ -n "${wall[30000]:-}" ] && [ -n "${wall[10000]:-}" ]; then
    check "30000 pages: wall ${wall[30000]} s / 10000 pages' ${wall[10000]} s" "$(ratio "${wall[30000]}" "${wall[10000]}")" 3.10
  fi
fi
[ "${BENCH_STRICT:-0}" = 1 ] && [ "$failed" = 1 ] && exit 1
exit 0
