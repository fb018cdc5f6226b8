#!/usr/bin/env bash
# Generates the offline demo media with Debian's ffmpeg: a 120 s clip with a visible clock and
# an audio track (a media clock with audio stays on wall time in Chromium; video-only files
# drift), as WebM (VP8/Opus) and H.264/AAC MP4, and an HLS rendition (a master playlist with
# 360p and 180p variants in 2 s segments). Idempotent: an existing complete set is kept.
# Usage: make-demo-media.sh MEDIA_DIR
set -euo pipefail
out=${1:?usage: make-demo-media.sh MEDIA_DIR}
demo="$out/demo"
if [[ -f "$demo/.complete" ]]; then
  exit 0
fi
mkdir -p "$demo/hls"
tmp=$(mktemp -d "$demo/.tmp-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
seconds=${STREAMIT_DEMO_SECONDS:-120}
# A big running clock (seconds.frames) makes drift visible to a person watching two players.
clock="drawtext=fontfile=$font:fontsize=64:fontcolor=white:box=1:boxcolor=black@0.6:x=(w-tw)/2:y=h-th-40:text='%{pts\\:hms}'"
title="drawtext=fontfile=$font:fontsize=28:fontcolor=white:box=1:boxcolor=black@0.6:x=w-tw-24:y=24:text='StreamIt demo clip'"
ff=(ffmpeg -hide_banner -loglevel error -y)
"${ff[@]}" -f lavfi -i "testsrc2=size=640x360:rate=30:duration=$seconds" \
  -f lavfi -i "sine=frequency=440:beep_factor=4:sample_rate=48000:duration=$seconds" \
  -vf "$title,$clock" -c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p \
  -g 30 -keyint_min 30 -sc_threshold 0 -b:v 700k -c:a aac -b:a 96k -ac 2 \
  -movflags +faststart "$tmp/clip.mp4"
"${ff[@]}" -i "$tmp/clip.mp4" -c:v libvpx -deadline realtime -cpu-used 8 -b:v 700k \
  -g 30 -c:a libopus -b:a 96k "$tmp/clip.webm"
"${ff[@]}" -i "$tmp/clip.mp4" -vf scale=320:180 -c:v libx264 -preset veryfast -profile:v main \
  -pix_fmt yuv420p -g 30 -keyint_min 30 -sc_threshold 0 -b:v 250k -c:a aac -b:a 64k -ac 2 \
  "$tmp/clip-180.mp4"
for variant in 360:clip.mp4 180:clip-180.mp4; do
  height=${variant%%:*}
  mkdir -p "$tmp/hls/$height"
  "${ff[@]}" -i "$tmp/${variant#*:}" -c copy -f hls -hls_time 2 -hls_playlist_type vod \
    -hls_segment_filename "$tmp/hls/$height/seg%03d.ts" "$tmp/hls/$height/index.m3u8"
done
cat >"$tmp/hls/master.m3u8" <<'M3U8'
#EXTM3U
#EXT-X-VERSION:3
#EXT-X-STREAM-INF:BANDWIDTH=850000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2"
360/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=350000,RESOLUTION=320x180,CODECS="avc1.4d400d,mp4a.40.2"
180/index.m3u8
M3U8
"${ff[@]}" -ss 3 -i "$tmp/clip.mp4" -frames:v 1 -vf scale=480:-2 "$tmp/poster.jpg"
rm -rf "$demo/hls"
mv "$tmp/clip.mp4" "$tmp/clip.webm" "$tmp/poster.jpg" "$tmp/hls" "$demo/"
touch "$demo/.complete"
