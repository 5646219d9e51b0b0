#!/usr/bin/env bash
# The film-scale benchmark of issue #15, one command: bench film for each length (minutes; default 15 30 60 120),
# one after another (never two at once: they would measure each other), each line appended to
# bench/film-scale/runs.jsonl and the memory-against-length chart redrawn as bench/film-scale/runs.png.
# Figures and how to read them: docs/PERFORMANCE.md, "Film scale".
#   bench/film-scale.sh            # 15, 30, 60 and 120 minutes (the last takes hours on 2 cores)
#   bench/film-scale.sh 5 15       # other lengths; extra options after --, e.g. -- --train-steps-per-round 0
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
lengths=()
while [[ $# -gt 0 && "$1" != -- ]]; do lengths+=("$1"); shift; done
[[ "${1:-}" == -- ]] && shift
[[ ${#lengths[@]} -gt 0 ]] || lengths=(15 30 60 120)
record="$HOME_DIR/bench/film-scale/runs.jsonl"
mkdir -p "$(dirname "$record")"
# a bounded heap and native memory, so that what the chart shows is the jobs' need, not the JVM's appetite
export AUTOENCODED_JAVA_OPTS="${AUTOENCODED_JAVA_OPTS:--Xmx3g -Dorg.bytedeco.javacpp.maxbytes=2500m -Dorg.bytedeco.javacpp.maxphysicalbytes=5g}"
for m in "${lengths[@]}"; do
  echo "film-scale: $m minutes (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  "$HOME_DIR/deploy/bin/autoencoded" bench film --minutes "$m" --master 'local[2]' --record "$record" "$@"
done
