#!/usr/bin/env bash
# Ours against the PyTorch reference (bench/vaegan_reference.py, the same architecture and update routes), side by
# side on this machine: PAIRS pairs, alternating which runs first so that drift in the machine's state falls on
# both. Prints one JSON line per run, then a summary line with the median ratio (ours / PyTorch), the CPU and the
# ND4J native build ours loaded.
#
#   bench/compare.sh train 3 --height 144 --width 256 --filters 80 --latent 200 --batch 16 --steps 2
#   bench/compare.sh reconstruct 3 --height 144 --width 256 --filters 80 --latent 200 --batch 16 --steps 5
#
# THREADS (default 2) sets both sides' threads; PYTHON (default /usr/bin/python3, which has Debian's
# python3-torch) the reference's interpreter. Extra arguments go to both sides unchanged, --upsampling to the
# reference only (ours takes model.upsampling from the configuration: --set model.upsampling=...).
#
# ISA=avx2 runs both sides as on a CPU without AVX-512, on this one: oneDNN (both sides' convolutions) capped by
# DNNL_MAX_CPU_ISA, PyTorch's own kernels by ATEN_CPU_CAPABILITY, OpenBLAS by OPENBLAS_CORETYPE=Haswell, and ours
# loading ND4J's AVX2 build. It emulates the instruction set, not the other machine's caches and clocks.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kind="${1:?usage: bench/compare.sh train|reconstruct PAIRS [bench options]}"
pairs="${2:?usage: bench/compare.sh train|reconstruct PAIRS [bench options]}"
shift 2
threads="${THREADS:-2}"
python="${PYTHON:-/usr/bin/python3}"

isa="${ISA:-native}"
ours_opts="${AUTOENCODED_JAVA_OPTS:-}"
case "$isa" in
  native) ;;
  avx2)
    export DNNL_MAX_CPU_ISA=AVX2 ATEN_CPU_CAPABILITY=avx2 OPENBLAS_CORETYPE=Haswell
    ours_opts="$ours_opts -Dautoencoded.nd4j-build=linux-x86_64-onednn-avx2" ;;
  *) echo "bench/compare.sh: ISA=$isa is not known: use native or avx2." >&2; exit 2 ;;
esac

ours_args=() ref_args=()
while (($#)); do
  case "$1" in
    --upsampling) ref_args+=("$1" "$2"); shift 2 ;;
    --set) ours_args+=("$1" "$2"); [[ "$2" == model.upsampling=* ]] && ref_args+=(--upsampling "${2#model.upsampling=}"); shift 2 ;;
    *) ours_args+=("$1"); ref_args+=("$1"); shift ;;
  esac
done

"$python" -c 'import torch' 2>/dev/null || { echo "bench/compare.sh: $python has no torch: apt-get install python3-torch, or set PYTHON." >&2; exit 2; }

ours() { AUTOENCODED_JAVA_OPTS="$ours_opts" OMP_NUM_THREADS="$threads" "$here/../deploy/bin/autoencoded" bench "$kind" "${ours_args[@]}" 2>/dev/null | tail -n 1; }
reference() { OMP_NUM_THREADS="$threads" "$python" "$here/vaegan_reference.py" "$kind" --threads "$threads" "${ref_args[@]}" | tail -n 1; }

results=()
for ((i = 1; i <= pairs; i++)); do
  if ((i % 2)); then a=$(ours); b=$(reference); else b=$(reference); a=$(ours); fi
  echo "$a"
  echo "$b"
  results+=("$a" "$b")
done

printf '%s\n' "${results[@]}" | ISA="$isa" "$python" -c '
import json, os, statistics, sys
rows = [json.loads(l) for l in sys.stdin if l.strip()]
ours = [r for r in rows if "impl" not in r]
ref = [r for r in rows if "impl" in r]
ratios = [o["frames_per_s"] / p["frames_per_s"] for o, p in zip(ours, ref)]
print(json.dumps({"kind": ours[0]["kind"], "pairs": len(ratios),
    "ours_frames_per_s": [o["frames_per_s"] for o in ours], "pytorch_frames_per_s": [p["frames_per_s"] for p in ref],
    "ratios": [round(r, 3) for r in ratios], "median_ratio": round(statistics.median(ratios), 3),
    "ours_peak_rss_mb": max(o["peak_rss_mb"] for o in ours), "pytorch_peak_rss_mb": max(p["peak_rss_mb"] for p in ref),
    "pytorch": ref[0]["impl"], "upsampling": ours[0].get("upsampling"), "native": ours[0].get("native"),
    "cpu": ours[0].get("cpu"), "cpu_flags": ours[0].get("cpu_flags"), "threads": ref[0]["threads"], "isa": os.environ["ISA"],
    "dnnl_max_cpu_isa": [ours[0].get("dnnl_max_cpu_isa"), ref[0].get("dnnl_max_cpu_isa")]}))
'
