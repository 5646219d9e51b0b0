#!/usr/bin/env bash
# Our model against the PyTorch peer of Broad's objective, on the same clips, sizes and budget, one after the other
# in one run. For each clip: `autoencoded bench quality` (ingest, train with the project's defaults, reconstruct,
# evaluate) and ../shared/tools/peer/torch_vaegan_quality.py (GAN weight 1/72, as Broad's code weights it) on the
# same frames; then a strip of original | ours | peer (frames at 1/8, 3/8, 5/8, 7/8 of the clip) and one JSON line
# per model. Needs Debian's python3-torch, libopenblas0-pthread and ffmpeg.
#
#   bench/quality_side_by_side.sh OUT_DIR CLIP... [-- EXTRA autoencoded OPTIONS]
#   env: HEIGHT=64 WIDTH=112 FILTERS=16 LATENT=64 BATCH=16 EPOCHS=30 PEER_LR=1e-3 PEER_GAN_WEIGHT=0.0139
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peer="$root/../shared/tools/peer/torch_vaegan_quality.py"
H=${HEIGHT:-64} W=${WIDTH:-112} F=${FILTERS:-16} Z=${LATENT:-64} B=${BATCH:-16} E=${EPOCHS:-30}
out="$1"; shift
clips=(); extra=()
while (($#)); do
  if [[ "$1" == "--" ]]; then shift; extra=("$@"); break; fi
  clips+=("$1"); shift
done
[[ -f "$peer" ]] || { echo "the peer is missing: $peer" >&2; exit 2; }
mkdir -p "$out"
for clip in "${clips[@]}"; do
  name="$(basename "${clip%.*}")"
  # the peer reads raw RGB24 frames scaled and cropped as the ingest does (frames.fit = crop, bilinear)
  ffmpeg -v error -i "$clip" -vf "scale=$W:$H:force_original_aspect_ratio=increase:flags=bilinear,crop=$W:$H" \
    -pix_fmt rgb24 -f rawvideo -y "$out/$name.rgb"
  echo "== $name: ours"
  "$root/deploy/bin/autoencoded" bench quality --film "$clip" --epochs "$E" --out "$out/$name-ours.mp4" \
    --set frames.height="$H" --set frames.width="$W" --set model.filters="$F" --set model.latent="$Z" \
    --set train.batch-size="$B" "${extra[@]}" | tee "$out/$name-ours.log" | tail -n 1 > "$out/$name-ours.json"
  echo "== $name: peer"
  /usr/bin/python3 "$peer" --frames "$out/$name.rgb" --height "$H" --width "$W" --filters "$F" --latent "$Z" \
    --batch "$B" --epochs "$E" --lr "${PEER_LR:-1e-3}" --gan-weight "${PEER_GAN_WEIGHT:-0.0139}" \
    --out "$out/$name-peer.rgb" | tee "$out/$name-peer.json"
  ffmpeg -v error -i "$out/$name-ours.mp4" -pix_fmt rgb24 -f rawvideo -y "$out/$name-ours.rgb"
  n=$(( $(stat -c %s "$out/$name.rgb") / (W * H * 3) ))
  pick="select='eq(n\,$((n / 8)))+eq(n\,$((3 * n / 8)))+eq(n\,$((5 * n / 8)))+eq(n\,$((7 * n / 8)))',setpts=N"
  raw=(-f rawvideo -s "${W}x$H" -pix_fmt rgb24)
  ffmpeg -v error "${raw[@]}" -i "$out/$name.rgb" "${raw[@]}" -i "$out/$name-ours.rgb" "${raw[@]}" -i "$out/$name-peer.rgb" \
    -filter_complex "[0:v]$pick[a];[1:v]$pick[b];[2:v]$pick[c];[a][b][c]hstack=inputs=3,tile=1x4,scale=iw*3:ih*3:flags=neighbor" \
    -frames:v 1 -y "$out/$name-strip.png"
  echo "== $name: strip (original | ours | peer) $out/$name-strip.png"
done
echo "== summary"
for clip in "${clips[@]}"; do
  name="$(basename "${clip%.*}")"
  echo "$name ours $(cat "$out/$name-ours.json")"
  echo "$name peer $(cat "$out/$name-peer.json")"
done
