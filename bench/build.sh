#!/usr/bin/env bash
# Whole-process build benchmark: writes synthetic sites with ../shared/bench/gen_corpus.py
# (--layout plain for ketenwijzer, --layout hugo for Hugo where installed) and reports wall time,
# peak RSS, output size and search-index size, median of RUNS, alternating the tools.
#   bench/build.sh [N ...]          default: 1000 10000 30000; RUNS=3
#   CI smoke run:  RUNS=1 bench/build.sh 200
set -euo pipefail
cd "$(dirname "$0")/.."
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py}
runs=${RUNS:-3}
sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 30000)
cargo build --release -q
bin=$PWD/target/release/ketenwijzer
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

measure() { # prints "wall_s rss_kb"
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; cat "$work/time" >&2; return 1; }
  cat "$work/time"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf "%-8s %-12s %10s %12s %12s %14s\n" pages tool wall_s peak_MB output_MB search_MB
for n in "${sizes[@]}"; do
  python3 "$gen" "$work/kw-$n" --layout plain -n "$n" >/dev/null
  printf 'title: Bench\nbase_url: https://example.org/\nkeep_order_prefix: true\n' > "$work/kw-$n/site.yaml"
  have_hugo=0
  if command -v hugo >/dev/null; then
    python3 "$gen" "$work/hugo-$n" --layout hugo -n "$n" >/dev/null; have_hugo=1
  fi
  : > "$work/kw.t"; : > "$work/kw.m"; : > "$work/hugo.t"; : > "$work/hugo.m"
  for _ in $(seq "$runs"); do
    read -r t m < <(measure "$bin" build --root "$work/kw-$n" --out "$work/kw-$n/public")
    echo "$t" >> "$work/kw.t"; echo "$m" >> "$work/kw.m"
    if [ $have_hugo = 1 ]; then
      read -r t m < <(measure hugo --quiet -s "$work/hugo-$n" -d "$work/hugo-$n/public")
      echo "$t" >> "$work/hugo.t"; echo "$m" >> "$work/hugo.m"
    fi
  done
  out_mb=$(du -sm "$work/kw-$n/public" | cut -f1)
  idx_mb=$(du -sk "$work/kw-$n/public/zoeken" | awk '{printf "%.1f", $1/1024}')
  kt=$(median < "$work/kw.t"); km=$(median < "$work/kw.m")
  printf "%-8s %-12s %10s %12s %12s %14s\n" "$n" ketenwijzer "$kt" "$((km / 1024))" "$out_mb" "$idx_mb"
  if [ $have_hugo = 1 ]; then
    ht=$(median < "$work/hugo.t"); hm=$(median < "$work/hugo.m")
    printf "%-8s %-12s %10s %12s %12s %14s   ratio ketenwijzer/hugo %.2f\n" "$n" hugo "$ht" "$((hm / 1024))" "$(du -sm "$work/hugo-$n/public" | cut -f1)" - "$(echo "$kt / $ht" | bc -l)"
  fi
  rm -rf "$work/kw-$n" "$work/hugo-$n"
done
