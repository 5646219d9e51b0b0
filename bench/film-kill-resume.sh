#!/usr/bin/env bash
# Issue #15, failures at scale: SIGKILL during a long film's reconstruct, then the same command again. The re-run
# must take over the dead run's staging directory, reconstruct only the segments it had not finished, and write
# what an uninterrupted run of the same command writes.
#   bench/film-scale.sh 120 -- --keep --work /data/film120     # the film, ingested and trained, kept
#   bench/film-kill-resume.sh /data/film120 [PERCENT] [-- RECONSTRUCT OPTIONS]
#                                         # kill at PERCENT % (default 50), re-run, compare; e.g. -- --no-evaluation
#   REFERENCE=bench bench/film-kill-resume.sh /data/film120 50 -- --no-evaluation
#                                         # the bench's own uninterrupted reconstruction is the reference
# WORK is a `bench film --work WORK --keep` directory (its store, WORK/store, holds the film and its model). The
# script runs the reconstruct three times: uninterrupted (the reference), killed with SIGKILL at PERCENT %, and
# again; then compares every decoded video and audio frame of the last with the reference, and the reference's
# pictures with the bench's own reconstruction (WORK/reconstruction.mp4, made inside the bench's JVM after ingest and
# training; until 1505fc2 libopenh264's threads made the two differ in rounding). Last line: JSON.
# REFERENCE=bench skips the first run and compares with WORK/reconstruction.mp4 itself: the same job on the same store
# and model, run once without interruption inside the bench. At two hours that saves a third of the script's time.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(cd "${1:?usage: bench/film-kill-resume.sh WORK [PERCENT] [-- RECONSTRUCT OPTIONS]}" && pwd)"
percent=50
[[ $# -ge 2 && "$2" != -- ]] && percent="$2"
extra=()
for ((i = 2; i <= $#; i++)); do [[ "${!i}" == -- ]] && extra=("${@:i+1}") && break; done
[[ -d "$work/store" ]] || {
  echo "film-kill-resume: $work is not a kept bench film directory (no store/): make one" \
    "with bench/film-scale.sh MINUTES -- --keep --work $work" >&2; exit 2; }
reference_from="${REFERENCE:-uninterrupted}"
case "$reference_from" in
  uninterrupted) reference="$work/uninterrupted.mp4" ;;
  bench) reference="$work/reconstruction.mp4"
    [[ -f "$reference" ]] || { echo "film-kill-resume: REFERENCE=bench needs $reference, the bench's own" \
      "reconstruction: run bench/film-scale.sh with --keep --work $work, or leave REFERENCE unset" >&2; exit 2; } ;;
  *) echo "film-kill-resume: REFERENCE=$reference_from is not known: use REFERENCE=bench or leave it unset" >&2
    exit 2 ;;
esac
out="$work/resumed.mp4"
[[ "$reference_from" == bench ]] || rm -f "$reference"
rm -rf "$out" "$work"/uninterrupted-report "$work/resumed-report" "$work"/{uninterrupted,killed,rerun}.log
export AUTOENCODED_JAVA_OPTS="${AUTOENCODED_JAVA_OPTS:--Xmx3g -Dorg.bytedeco.javacpp.maxbytes=2500m -Dorg.bytedeco.javacpp.maxphysicalbytes=5g}"
base=("$HOME_DIR/deploy/bin/autoencoded" reconstruct --film-id film --store "file://$work/store" --master 'local[2]'
  --set reconstruct.progress-interval-s=5 ${extra[@]+"${extra[@]}"})
uninterrupted_s=null
if [[ "$reference_from" == uninterrupted ]]; then
  echo "film-kill-resume: the reference, uninterrupted (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  start=$(date +%s%N)
  "${base[@]}" --out "$reference" >"$work/uninterrupted.log" 2>&1 || { tail -5 "$work/uninterrupted.log" >&2; exit 1; }
  uninterrupted_s=$(( ($(date +%s%N) - start) / 1000000000 ))
fi
command=("${base[@]}" --out "$out")

echo "film-kill-resume: reconstruct, killed with SIGKILL at $percent % (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
start=$(date +%s%N)
setsid "${command[@]}" >"$work/killed.log" 2>&1 &
leader=$!
killed_at=""
while kill -0 "$leader" 2>/dev/null; do
  line=$(grep -aoE "reconstruct film: [0-9]+/[0-9]+ frames \([0-9]+ %\)" "$work/killed.log" | tail -1 || true)
  p=$(sed -E 's/.*\(([0-9]+) %\)/\1/' <<<"$line")
  if [[ -n "$p" && "$p" -ge "$percent" ]]; then
    kill -KILL -- "-$leader"
    killed_at="$line"
    break
  fi
  sleep 1
done
wait "$leader" 2>/dev/null || true
killed_s=$(( ($(date +%s%N) - start) / 1000000000 ))
[[ -n "$killed_at" ]] || { echo "film-kill-resume: the reconstruct ended before $percent %: see $work/killed.log" >&2; exit 1; }
finished=$( (find "$work/store/_staging" -path '*/results/*.bin' 2>/dev/null || true) | wc -l)
echo "film-kill-resume: killed at '$killed_at' after ${killed_s} s, $finished segments finished" >&2

echo "film-kill-resume: the same command again" >&2
start=$(date +%s%N)
"${command[@]}" >"$work/rerun.log" 2>&1 || { tail -5 "$work/rerun.log" >&2; exit 1; }
rerun_s=$(( ($(date +%s%N) - start) / 1000000000 ))
resumed=$(grep -a "resuming the run that died" "$work/rerun.log" | head -1 || true)
left=$( (ls "$work/store/_staging" 2>/dev/null || true) | wc -l)

# what is compared: every decoded video frame and every decoded audio frame, by checksum, in order
md5s() { ffmpeg -v quiet -i "$1" -map "0:$2" -f framemd5 - 2>/dev/null | grep -v '^#' | awk -F, '{print $NF}'; }
for s in v a; do md5s "$reference" $s >"$work/uninterrupted.$s.md5"; md5s "$out" $s >"$work/resumed.$s.md5"; done
video_equal=false; audio_equal=false
cmp -s "$work/uninterrupted.v.md5" "$work/resumed.v.md5" && video_equal=true
cmp -s "$work/uninterrupted.a.md5" "$work/resumed.a.md5" && audio_equal=true
frames=$(wc -l <"$work/resumed.v.md5")
bytes_equal=false; cmp -s "$reference" "$out" && bytes_equal=true
bench_equal=null
if [[ "$reference_from" == uninterrupted && -f "$work/reconstruction.mp4" ]]; then
  md5s "$work/reconstruction.mp4" v >"$work/bench.v.md5"
  bench_equal=false; cmp -s "$work/uninterrupted.v.md5" "$work/bench.v.md5" && bench_equal=true
fi
printf '{"bench":"film-kill-resume","work":"%s","options":"%s","reference":"%s","frames":%d,"uninterrupted_s":%s,"killed_at":"%s","killed_after_s":%d,"segments_finished_at_kill":%d,"resume_line":"%s","rerun_s":%d,"staging_left":%d,"video_frames_equal":%s,"audio_equal":%s,"byte_identical":%s,"reference_equals_bench_reconstruction":%s,"load_average_after":"%s"}\n' \
  "$work" "${extra[*]:-}" "$reference" "$frames" "$uninterrupted_s" "$killed_at" "$killed_s" "$finished" "${resumed//\"/\'}" "$rerun_s" "$left" "$video_equal" \
  "$audio_equal" "$bytes_equal" "$bench_equal" "$(cut -d' ' -f1-3 /proc/loadavg)"
[[ "$video_equal" == true && "$audio_equal" == true && -n "$resumed" && "$left" -eq 0 ]]
