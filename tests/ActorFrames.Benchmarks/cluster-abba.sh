#!/usr/bin/env bash
# Runs the cluster throughput benchmark's raw loop and cluster mode one at a time, interleaved A B B A … so that the
# drift of a shared machine hits both sides alike, and prints each run and the pooled ratio of their throughputs.
# Usage: tests/ActorFrames.Benchmarks/cluster-abba.sh [pairs] [raw method] [cluster method]
#   defaults: 2 pairs (8 runs, about 45 s each), RawPublishConsume, Cluster
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
pairs="${1:-2}"
raw_method="${2:-RawPublishConsume}"
cluster_method="${3:-Cluster}"
out="$(mktemp -d)"
dotnet build "$repo/tests/ActorFrames.Benchmarks" -c Release --nologo -v q >/dev/null
order=()
for _ in $(seq "$pairs"); do order+=("$raw_method" "$cluster_method" "$cluster_method" "$raw_method"); done
raw=(); cluster=()
for i in "${!order[@]}"; do
  method="${order[$i]}"
  (cd "$repo" && dotnet run -c Release --no-build --project tests/ActorFrames.Benchmarks -- \
      --filter "*.ClusterThroughputBenchmarks.$method" --artifacts "$out/$i") > "$out/$i.log" 2>&1
  mean="$(grep -E "^\| $method " "$out/$i.log" | awk -F'|' '{print $3}' | sed 's/[^0-9.]//g')"
  echo "$i $method ${mean} us"
  if [ "$method" = "$cluster_method" ]; then cluster+=("$mean"); else raw+=("$mean"); fi
done
printf '%s\n' "${raw[@]}" > "$out/raw"; printf '%s\n' "${cluster[@]}" > "$out/cluster"
awk 'NR==FNR { r += $1; nr++; next } { c += $1; nc++ } END {
  printf "raw mean %.1f us, cluster mean %.1f us, cluster throughput = %.2f of raw\n", r/nr, c/nc, (r/nr)/(c/nc) }' \
  "$out/raw" "$out/cluster"
