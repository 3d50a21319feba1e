#!/usr/bin/env bash
# Runs the JMH benchmarks and writes benchmarks/results/<profile>.json, benchmarks/RESULTS.md and
# benchmarks/results/ratios.png.   Usage: benchmarks/run.sh [short|full] [JMH regex]
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-short}"
filter="${2:-}"
mvn -B -q -ntp -pl benchmarks -am -DskipTests package
case "$profile" in
  short) opts=(-f 1 -wi 3 -i 5 -w 1 -r 1) ;;
  full)  opts=(-f 3 -wi 5 -i 10 -w 2 -r 2) ;;
  *) echo "profile must be short or full" >&2; exit 2 ;;
esac
mkdir -p benchmarks/results
java -jar benchmarks/target/benchmarks.jar ${filter:+"$filter"} "${opts[@]}" -prof gc \
  -rf json -rff "benchmarks/results/$profile.json"
machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%d)"
java -cp benchmarks/target/benchmarks.jar dev.kaju.benchmarks.report.ResultsReport \
  "benchmarks/results/$profile.json" benchmarks/RESULTS.md benchmarks/results/ratios.png "$machine"
