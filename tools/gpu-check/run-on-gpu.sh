#!/usr/bin/env bash
# Runs the prepared GPU check on a machine with an NVIDIA GPU and no Node: unpacks the tarball from
# `npm run gpu-check:pack`, sets up the Vulkan loader for Dawn, and runs the check program (parts (a)–(d), ≤ 8 min).
#
#   bash tools/gpu-check/run-on-gpu.sh [--dry-run] [-- check options…]
#
# Reads tools/gpu-check/out/icnn-gpu-check.tar and, when present, out/icnn-gpu-data.tar (part (d)). Writes
# gpu-check.json and gpu-check.log to $OUT when set (the device tool brings them back), else to the work folder.
# --dry-run skips the Vulkan set-up and runs the check's CPU mode (what `npm run gpu-check:pack` users try first).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tarball=${ICNN_GPU_TARBALL:-$here/out/icnn-gpu-check.tar}
data=${ICNN_GPU_DATA:-$here/out/icnn-gpu-data.tar}
work=${ICNN_GPU_WORK:-/tmp/icnn-gpu-check}
dry=()
if [[ "${1:-}" == "--dry-run" ]]; then dry=(--dry-run); shift; fi
if [[ "${1:-}" == "--" ]]; then shift; fi
results=${OUT:-$work}

step() { printf '[run-on-gpu %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

[[ -f "$tarball" ]] || { echo "no $tarball: run npm run gpu-check:pack first (and carry it)" >&2; exit 2; }
step "unpacking $(du -h "$tarball" | cut -f1) into $work"
rm -rf "$work"
mkdir -p "$work" "$results"
tar -xf "$tarball" -C "$work"
cd "$work"
xz -d node.xz
chmod +x node
tar -xJf app.tar.xz
xz -dc dawn.node.xz > node_modules/webgpu/dist/linux-x64/dawn.node
rm -f app.tar.xz dawn.node.xz
step "node $(./node --version), packed $(./node -e 'const m=require("./manifest.json");console.log(m.packed, "at", m.commit)')"

extra=()
if [[ -f "$data" ]]; then
  mkdir -p data
  tar -xf "$data" -C data
  extra+=(--data "$work/data")
fi
[[ -f trainer/icnn.mjs ]] && extra+=(--trainer "$work/trainer")

if [[ ${#dry[@]} -eq 0 ]]; then
  # Dawn needs the Vulkan loader (libvulkan.so.1) and the NVIDIA ICD; the machine has the driver's ICD only.
  if ! ldconfig -p | grep -q 'libvulkan\.so\.1'; then
    step "installing the Vulkan loader from $(ls libvulkan1_*.deb)"
    dpkg -x libvulkan1_*.deb /
    ldconfig
  fi
  for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    if [[ -f "$icd" ]]; then export VK_DRIVER_FILES="$icd"; break; fi
  done
  [[ -n "${VK_DRIVER_FILES:-}" ]] || step "no nvidia_icd.json found: Dawn will likely find no adapter"
  export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp}
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >&2 || true
fi

step "running the check (JSON and log into $results)"
set +e
set -o pipefail
./node check.mjs "${dry[@]}" --torch "$here/torch_reference.py" --out "$results/gpu-check.json" "${extra[@]}" "$@" 2>&1 | tee "$results/gpu-check.log"
status=$?
step "check exited with $status"
exit $status
