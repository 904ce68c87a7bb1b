# Shared by the benches (sourced, not run): the running stack's out root, the bundled ffmpeg, generated sources,
# timing helpers. Expects ROOT (the repository) and a running stack (./darkroom up).

STACK_FILE="$ROOT/.darkroom/stack.json"
BENCH_DIR="bench/src"

require_stack() {
  if [[ ! -f "$STACK_FILE" ]]; then
    echo "bench: no stack is running; start one with ./darkroom up" >&2
    exit 1
  fi
  # storage roots of the running stack: sources go into its out root (jobs may read there; work is internal)
  OUT_ROOT="$(sed -n 's/^ *"out" : "\(.*\)",\{0,1\}$/\1/p' "$STACK_FILE" | head -n 1)"
  if [[ -z "$OUT_ROOT" ]]; then
    echo "bench: cannot read the out storage root from $STACK_FILE" >&2
    exit 1
  fi
}

find_ffmpeg() {
  FFMPEG="$(./darkroom ffmpeg-path 2>/dev/null | tail -n 1)"
  if [[ ! -x "$FFMPEG" ]]; then
    echo "bench: cannot find the bundled ffmpeg (./darkroom ffmpeg-path said: $FFMPEG)" >&2
    exit 1
  fi
  export LD_LIBRARY_PATH="$(dirname "$FFMPEG")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
}

now() { date +%s.%N; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# make_source NAME -> prints the path of the generated source under the out root (made once with the bundled
# ffmpeg: testsrc2 + sine, H.264 + AAC, 25 fps). Names: 1080p60s, 1080p3m, 1080p10m (1920x1080), 2160p30s (3840x2160).
make_source() {
  local name="$1" size dur
  case "$name" in
    1080p60s) size=1920x1080; dur=60 ;;
    1080p3m) size=1920x1080; dur=180 ;;
    1080p10m) size=1920x1080; dur=600 ;;
    2160p30s) size=3840x2160; dur=30 ;;
    *) echo "bench: unknown source $name (1080p60s, 1080p3m, 1080p10m, 2160p30s)" >&2; exit 2 ;;
  esac
  local file="$OUT_ROOT/$BENCH_DIR/testsrc2_${name}.mp4"
  mkdir -p "$(dirname "$file")"
  if [[ ! -f "$file" ]]; then
    echo "bench: generating the $name source ($size, $dur s) ..." >&2
    "$FFMPEG" -hide_banner -nostdin -v error -y \
      -f lavfi -i "testsrc2=size=$size:rate=25:duration=$dur" \
      -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=$dur" \
      -c:v libx264 -preset veryfast -crf 18 -pix_fmt yuv420p -c:a aac -shortest "$file.part.mp4"
    mv "$file.part.mp4" "$file"
  fi
  echo "$file"
}

# job_json SOURCE RUN FILE [LABEL] -> writes the bench's job for a generated source (make_source): the source to
# 1280x720 h264-review (x264 veryfast crf 20 + AAC)
job_json() {
  local name="$1" run="$2" file="$3" label="${4:-bench}" stamp
  stamp="$(date +%s%N)"
  cat > "$file" <<JSON
{
  "name": "$label $name run $run",
  "sources": [ { "root": "out", "path": "$BENCH_DIR/testsrc2_${name}.mp4" } ],
  "recipe": { "outputs": [ { "name": "review", "preset": "h264-review", "maxWidth": 1280, "maxHeight": 720 } ] },
  "destination": { "root": "out", "path": "bench/$stamp" }
}
JSON
}

# run_ffmpeg SOURCE -> the same conversion as the bench's job, in one ffmpeg process; prints its seconds
run_ffmpeg() {
  local source="$1" out t0 t1
  out="$OUT_ROOT/bench-ffmpeg-$(date +%s%N).mp4"
  t0="$(now)"
  "$FFMPEG" -hide_banner -nostdin -v error -y -i "$source" \
    -vf scale=1280:720 -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -c:a aac "$out"
  t1="$(now)"
  rm -f "$out"
  minus "$t1" "$t0"
}
