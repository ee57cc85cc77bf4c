#!/usr/bin/env bash
# Proves an image tarball (target/jib-image.tar) runs without Docker: unpacks its layers into a root filesystem and
# starts its entry point there with chroot (needs root), as its user, with its environment; waits for /health.
#
#   sudo image/run-tarball.sh [target/jib-image.tar] [port]
set -euo pipefail

image=$(readlink -f "${1:-target/jib-image.tar}")
port=${2:-18080}
work=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; fi
  umount "$work/rootfs/proc" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/image" "$work/rootfs"
tar -xf "$image" -C "$work/image"
read_json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
config="$work/image/$(read_json "$work/image/manifest.json" 'd[0]["Config"]')"
for layer in $(read_json "$work/image/manifest.json" '" ".join(d[0]["Layers"])'); do
  tar --numeric-owner --warning=no-unknown-keyword -xf "$work/image/$layer" -C "$work/rootfs"
done
user=$(read_json "$config" 'd["config"].get("User") or "0"')
workdir=$(read_json "$config" 'd["config"].get("WorkingDir") or "/"')
mapfile -t env < <(read_json "$config" '"\n".join(d["config"].get("Env") or [])')
mapfile -t entrypoint < <(read_json "$config" '"\n".join((d["config"].get("Entrypoint") or []) + (d["config"].get("Cmd") or []))')
echo "user $user, workdir $workdir, entry point: ${entrypoint[*]}"
[ "${user%%:*}" != "0" ] && [ "${user%%:*}" != "root" ] || { echo "the image runs as root" >&2; exit 1; }
chroot=$(command -v chroot)
# a container runtime mounts /proc; the JVM needs it (the java launcher finds its libraries through /proc/self/exe)
mkdir -p "$work/rootfs/proc" && mount -t proc proc "$work/rootfs/proc"
mkdir -p "$work/rootfs/data" "$work/rootfs/tmp" && chmod 1777 "$work/rootfs/tmp"
chown "${user}" "$work/rootfs/data"
env -i "${env[@]}" SERVER_PORT="$port" \
  "$chroot" --userspec="$user" "$work/rootfs" /bin/sh -c 'exit 0' 2>/dev/null && echo "note: the image has a shell"
env -i "${env[@]}" SERVER_PORT="$port" \
  "$chroot" --userspec="$user" "$work/rootfs" "${entrypoint[@]}" > "$work/portal.log" 2>&1 &
pid=$!
for _ in $(seq 1 180); do
  if curl -fsS "http://127.0.0.1:$port/health" > "$work/health" 2>/dev/null; then
    echo "started: /health answered $(cat "$work/health")"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
echo "the image did not start; its log:" >&2
tail -40 "$work/portal.log" >&2
exit 1
