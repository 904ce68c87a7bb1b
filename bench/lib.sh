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
# 1280x720 h264-review (x264 veryfast crf 20 + AAC); SEGMENT_FRAMES=N sets the recipe's segment length (default: the
# planner's)
job_json() {
  local name="$1" run="$2" file="$3" label="${4:-bench}" stamp
  stamp="$(date +%s%N)"
  cat > "$file" <<JSON
{
  "name": "$label $name run $run",
  "sources": [ { "root": "out", "path": "$BENCH_DIR/testsrc2_${name}.mp4" } ],
  "recipe": { ${SEGMENT_FRAMES:+\"segmentFrames\": $SEGMENT_FRAMES, }"outputs": [ { "name": "review", "preset": "h264-review", "maxWidth": 1280, "maxHeight": 720 } ] },
  "destination": { "root": "out", "path": "bench/$stamp" }
}
JSON
}

# run_ffmpeg SOURCE -> the same conversion as the bench's job, in one ffmpeg process; prints its seconds. The same
# output as the h264-review preset's, not ffmpeg's defaults: High profile, a keyframe every 2 s (-g 50 at 25 fps, as
# render-core's GOP_SECONDS), AAC at 192 kb/s (AudioRenderer.AAC_BITRATE; the channels stay the source's, mono for the
# generated sources, as the preset's mixdown keeps them). Until 2026-12-04 the baseline was ffmpeg's defaults
# (a keyframe every 250 frames, AAC at 128 kb/s): about 4 % less work (15.2 s against 15.7 s, medians of 3 back to back).
run_ffmpeg() {
  local source="$1" out t0 t1
  out="$OUT_ROOT/bench-ffmpeg-$(date +%s%N).mp4"
  t0="$(now)"
  "$FFMPEG" -hide_banner -nostdin -v error -y -i "$source" \
    -vf scale=1280:720 -c:v libx264 -preset veryfast -crf 20 -profile:v high -g 50 -keyint_min 25 -pix_fmt yuv420p \
    -c:a aac -b:a 192k "$out"
  t1="$(now)"
  rm -f "$out"
  minus "$t1" "$t0"
}

# CPU seconds used so far by the local stack, one "name seconds" line per part: each service (its own threads, and
# apart the ffmpeg/ffprobe processes it ran and waited for: "<service>+children"), the daemon (Kafka broker), PostgreSQL
# (all its processes) and everything else on the machine ("other", from /proc/stat). Read twice; the difference is what
# a run cost. Linux only.
cpu_snapshot() { # stack.json -> lines
  python3 - "$1" <<'PY'
import json, os, sys
hz = os.sysconf("SC_CLK_TCK")
stack = json.load(open(sys.argv[1]))
def ticks(pid):
    try:
        f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(f[11]) + int(f[12]), int(f[13]) + int(f[14])  # own (utime+stime), waited-for children
seen, out = 0, {}
for name, pid in [("daemon", stack.get("daemonPid"))] + [(s["name"], s.get("pid")) for s in stack["services"]]:
    t = ticks(pid) if pid else None
    if t:
        out[name] = t[0]; out[name + "+children"] = t[1]; seen += t[0] + t[1]
pg = 0
for p in os.listdir("/proc"):
    if p.isdigit():
        try:
            if open("/proc/%s/comm" % p).read().strip() == "postgres":
                t = ticks(int(p)); pg += t[0] + t[1] if t else 0
        except OSError:
            pass
out["postgres"] = pg; seen += pg
cpu = open("/proc/stat").readline().split()[1:]
busy = sum(int(x) for x in cpu[:8]) - int(cpu[3]) - int(cpu[4])  # all but idle and iowait
out["other"] = busy - seen
for k, v in out.items():
    print(k, "%.2f" % (v / hz))
PY
}

# Prints what a run cost per unit from two cpu_snapshot files: "CPU per <unit>: process-service 0.41 s (+0.65 s in
# its ffmpeg/ffprobe), ..., total 2.31 s on N cores".
cpu_per() { # before after units unit-name
  python3 - "$1" "$2" "$3" "$4" "$(nproc)" <<'PY'
import sys
read = lambda f: {l.split()[0]: float(l.split()[1]) for l in open(f) if l.strip()}
a, b, n, unit, cores = read(sys.argv[1]), read(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
d = {k: (b[k] - a.get(k, 0)) / n for k in b}
workers = sum(v for k, v in d.items() if k.startswith("worker-") and not k.endswith("+children"))
parts = []
for name in ("process-service", "ingest-service"):
    if name in d:
        parts.append("%s %.2f s (+%.2f s in its ffmpeg/ffprobe)" % (name, d[name], d.get(name + "+children", 0)))
parts.append("workers %.2f s" % workers)
parts.append("kafka (daemon) %.2f s" % d.get("daemon", 0))
parts.append("postgres %.2f s" % d.get("postgres", 0))
parts.append("other %.2f s" % d.get("other", 0))
total = sum(v for k, v in d.items() if k != "other") + d.get("other", 0)
print("CPU per %s: %s; total %.2f s on %s cores" % (unit, ", ".join(parts), total, cores))
PY
}
