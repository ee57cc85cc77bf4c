#!/usr/bin/env bash
# Fills a RUNNING sandbox cluster with model deployments for benchmarks, through the Kubernetes API (kubectl).
# Pods are not created directly: each Deployment asks for replicas and the sandbox's simulated deployment
# controller creates the pods, so N deployments carry M pods in total.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bench/seed-sandbox.sh [--data-dir DIR] [--deployments N] [--pods M] [--teams a,b] [--zones z1,z2,z3]
                             [--chunk K] [--cpu Q] [--memory Q] [--wait SECONDS] [--delete] [--help]

Creates N Deployments (default 2000) with M pods in total (default 10000) spread round-robin over the team
namespaces and zones of a running sandbox (./mvnw spring-boot:run), using kubectl --kubeconfig DIR/sandbox/kubeconfig.

  --data-dir DIR     the portal's data directory (default: ./data, or $PORTAL_DATA_DIR)
  --deployments N    number of Deployments (default 2000)
  --pods M           total pods over all Deployments (default 10000); replicas are M/N, the first M%N get one more
  --teams a,b        team namespaces to fill (default vision,language: the sandbox's teams)
  --zones z1,z2      zones; each Deployment is pinned to one by required node affinity (default zone-a,zone-b,zone-c)
  --chunk K          Deployments per kubectl apply (default 200)
  --cpu Q            CPU request per pod (default 5m: 10000 pods must fit on the simulated nodes)
  --memory Q         memory request per pod (default 8Mi)
  --wait SECONDS     wait up to this long for all M pods to exist (default 300; 0 = do not wait)
  --delete           remove what an earlier run created (label converge.dev/seed=bench) and exit
  --help             this text

Everything created carries app.kubernetes.io/managed-by=converge-portal, converge.dev/team, converge.dev/kind=model,
converge.dev/created-by=seed-sandbox and converge.dev/seed=bench. Writes are client-side 'kubectl apply
--validate=false' (the sandbox's mock API server does not support server-side apply), so reruns are idempotent.
USAGE
}

data_dir="${PORTAL_DATA_DIR:-./data}"
deployments=2000
pods=10000
teams="vision,language"
zones="zone-a,zone-b,zone-c"
chunk=200
cpu="5m"
memory="8Mi"
wait_seconds=300
delete=false

while [[ $# -gt 0 ]]; do
  case "$1" in
    --data-dir) data_dir="$2"; shift 2 ;;
    --deployments) deployments="$2"; shift 2 ;;
    --pods) pods="$2"; shift 2 ;;
    --teams) teams="$2"; shift 2 ;;
    --zones) zones="$2"; shift 2 ;;
    --chunk) chunk="$2"; shift 2 ;;
    --cpu) cpu="$2"; shift 2 ;;
    --memory) memory="$2"; shift 2 ;;
    --wait) wait_seconds="$2"; shift 2 ;;
    --delete) delete=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

for number in deployments pods chunk wait_seconds; do
  if ! [[ "${!number}" =~ ^[0-9]+$ ]]; then
    echo "--${number//_/-} must be a whole number, got '${!number}'" >&2; exit 2
  fi
done
if (( deployments < 1 || chunk < 1 )); then
  echo "--deployments and --chunk must be at least 1" >&2; exit 2
fi

kubeconfig="$data_dir/sandbox/kubeconfig"
if [[ ! -r "$kubeconfig" ]]; then
  echo "No sandbox kubeconfig at $kubeconfig: start the portal in sandbox mode first (./mvnw spring-boot:run)," >&2
  echo "or point --data-dir at its data directory." >&2
  exit 1
fi
command -v kubectl >/dev/null || { echo "kubectl not found on PATH" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
kubectl_() { kubectl --kubeconfig "$kubeconfig" --cache-dir "$work/kube-cache" "$@"; }

IFS=',' read -r -a team_list <<< "$teams"
IFS=',' read -r -a zone_list <<< "$zones"
selector="converge.dev/seed=bench"

if ! kubectl_ get namespaces >/dev/null 2>&1; then
  echo "The sandbox API server in $kubeconfig does not answer: is the portal running?" >&2; exit 1
fi

if $delete; then
  for team in "${team_list[@]}"; do
    kubectl_ delete deployments -n "$team" -l "$selector" --wait=false
  done
  exit 0
fi

# One Deployment as YAML; its labels follow DESIGN.md §4.
deployment_yaml() {
  local name="$1" team="$2" zone="$3" replicas="$4"
  local labels="{app.kubernetes.io/managed-by: converge-portal, app.kubernetes.io/name: $name, converge.dev/team: $team, converge.dev/kind: model, converge.dev/created-by: seed-sandbox, converge.dev/seed: bench}"
  cat <<YAML
- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: $name
    namespace: $team
    labels: $labels
  spec:
    replicas: $replicas
    selector:
      matchLabels:
        app.kubernetes.io/name: $name
    template:
      metadata:
        labels: $labels
      spec:
        affinity:
          nodeAffinity:
            requiredDuringSchedulingIgnoredDuringExecution:
              nodeSelectorTerms:
              - matchExpressions:
                - key: topology.kubernetes.io/zone
                  operator: In
                  values: [$zone]
        containers:
        - name: server
          image: registry.local/bench/model-server:1.0
          ports:
          - containerPort: 8080
          resources:
            requests: {cpu: "$cpu", memory: "$memory"}
            limits: {cpu: "$cpu", memory: "$memory"}
YAML
}

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

base=$(( pods / deployments ))
extra=$(( pods % deployments ))
echo "Seeding $deployments deployments with $pods pods ($base each, $extra with one more) over namespaces" \
     "[${teams}] and zones [${zones}] in chunks of $chunk"

declare -A per_team per_zone
start=$(date +%s.%N)
for (( first = 0; first < deployments; first += chunk )); do
  file="$work/chunk-$first.yaml"
  { echo "apiVersion: v1"; echo "kind: List"; echo "items:"; } > "$file"
  for (( i = first; i < first + chunk && i < deployments; i++ )); do
    team="${team_list[i % ${#team_list[@]}]}"
    zone="${zone_list[(i / ${#team_list[@]}) % ${#zone_list[@]}]}"
    replicas=$(( base + (i < extra ? 1 : 0) ))
    deployment_yaml "$(printf 'bench-model-%05d' "$i")" "$team" "$zone" "$replicas" >> "$file"
    per_team[$team]=$(( ${per_team[$team]:-0} + 1 ))
    per_zone[$zone]=$(( ${per_zone[$zone]:-0} + replicas ))
  done
  kubectl_ apply --validate=false -f "$file" >/dev/null
  echo "  applied $(( i )) / $deployments deployments"
done
applied=$(date +%s.%N)

echo "Deployments per namespace:"
for team in "${team_list[@]}"; do echo "  $team: ${per_team[$team]:-0}"; done
echo "Pods requested per zone:"
for zone in "${zone_list[@]}"; do echo "  $zone: ${per_zone[$zone]:-0}"; done
echo "Applied $deployments deployments in $(elapsed "$start" "$applied") s"

count_pods() {
  local total=0 n
  for team in "${team_list[@]}"; do
    n=$(kubectl_ get pods -n "$team" -l "$selector" --no-headers 2>/dev/null | wc -l)
    total=$(( total + n ))
  done
  echo "$total"
}

if (( wait_seconds > 0 )); then
  deadline=$(( $(date +%s) + wait_seconds ))
  while :; do
    have=$(count_pods)
    if (( have >= pods )); then break; fi
    if (( $(date +%s) >= deadline )); then
      echo "After ${wait_seconds} s the simulator has created $have of $pods pods (is the sandbox simulator running?)" >&2
      exit 1
    fi
    sleep 2
  done
  done_at=$(date +%s.%N)
  echo "All $have pods exist after $(elapsed "$start" "$done_at") s in total"
fi
