# shellcheck shell=bash
# The sandbox's real node: kubelet + containerd + runc in a network namespace of
# the sandbox's own. Sourced by polycrate-sandbox (uses its log, die, BIN_DIR,
# STATE_DIR, PKI_DIR, API_PORT, kubectl_admin, ...). See sandbox/README.md.
#
# Network (nothing but loopback and addresses inside the namespace):
#   root namespace                         namespace $RN_NETNS
#   127.0.0.1:$API_PORT  kube-apiserver
#   $RN_HOST_IP:$API_PORT tcp-forward ---- veth ---- $RN_NODE_IP  kubelet :10250, containerd
#   route $RN_POD_CIDR via $RN_NODE_IP                 bridge $RN_BRIDGE $RN_POD_CIDR (pods)
# The namespace has no default route: pods reach the forwarder (the API server)
# and each other, nothing else.

RN_MODE=${POLYCRATE_SANDBOX_REAL_NODE:-auto}        # auto | required | off
RN_NAME=${POLYCRATE_SANDBOX_REAL_NODE_NAME:-polycrate-sandbox-real-node}
RN_NETNS=${POLYCRATE_SANDBOX_NETNS:-polycrate-sandbox}
RN_HOST_IP=${POLYCRATE_SANDBOX_REAL_NODE_HOST_IP:-10.213.0.1}
RN_NODE_IP=${POLYCRATE_SANDBOX_REAL_NODE_IP:-10.213.0.2}
RN_POD_CIDR=${POLYCRATE_SANDBOX_REAL_NODE_POD_CIDR:-10.213.1.0/24}
RN_VETH_HOST=pcsbx-host
RN_VETH_NODE=pcsbx-node
RN_BRIDGE=pcsbx-br0
RN_LABEL=polycrate.io/real-node
RN_STEP_IMAGE=localhost/polycrate-sandbox/step:1
RN_PAUSE_IMAGE=localhost/polycrate-sandbox/pause:1
RN_DIR=$STATE_DIR/real-node
RN_SOCK=$RN_DIR/containerd/containerd.sock
# Components of the real node, in start order (pid files in run/).
RN_COMPONENTS=(tcp-forward containerd kubelet host-volumes)
# The dynamic volume provisioner (sandbox/tools/cmd/host-volumes): its StorageClass, the default one.
RN_STORAGE_CLASS=polycrate-sandbox-host-path
RN_PROVISIONER=sandbox.polycrate.io/host-path
# What the kubelet writes outside its root dir (paths it hard-codes) and what
# containerd and the CNI plugins create by default: removed at `down` when
# `up` found them absent.
RN_HOST_PATHS=(/var/lib/kubelet /var/log/pods /var/log/containers /var/lib/cni /run/containerd
  /usr/libexec/kubernetes /etc/kubernetes)
# Kernel settings the kubelet changes at start (it cannot be told not to,
# protectKernelDefaults only makes it refuse to start): saved at `up`,
# restored at `down`.
RN_SYSCTLS=(vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops
  kernel/keys/root_maxkeys kernel/keys/root_maxbytes)

rn_cni_bin_dir() {
  local d
  for d in /usr/lib/cni /opt/cni/bin; do [[ -x $d/bridge && -x $d/host-local ]] && { echo "$d"; return 0; }; done
  return 1
}

# rn_missing: why the real node cannot start here (empty if it can).
rn_missing() {
  local why=() t
  [[ $EUID -eq 0 ]] || why+=("needs root (kubelet, containerd, network namespaces)")
  for t in containerd containerd-shim-runc-v2 runc ctr ip iptables nsenter mount umount; do
    command -v "$t" >/dev/null || why+=("'$t' not on PATH")
  done
  rn_cni_bin_dir >/dev/null || why+=("no CNI plugins (bridge, host-local) in /usr/lib/cni or /opt/cni/bin")
  [[ -d /sys/fs/cgroup/memory || -f /sys/fs/cgroup/cgroup.controllers ]] || why+=("no memory cgroup under /sys/fs/cgroup")
  ((${#why[@]} == 0)) || {
    printf '%s; ' "${why[@]}"
    echo "packages: apt-get install containerd runc containernetworking-plugins iptables"
  }
}

rn_in_netns() { nsenter --net="/run/netns/$RN_NETNS" "$@"; }
# rn_start_in_netns NAME EXECUTABLE ARG...: start_exe in the node's network namespace.
rn_start_in_netns() {
  NETNS_LAUNCH=(nsenter --net="/run/netns/$RN_NETNS")
  start_exe "$@"
  NETNS_LAUNCH=()
}
rn_ctr() { ctr --address "$RN_SOCK" --namespace k8s.io "$@"; }

# --- network ---------------------------------------------------------------

rn_network_up() {
  if ip netns list | grep -qw "$RN_NETNS"; then
    log "network namespace $RN_NETNS is left over from an earlier run; removing it"
    rn_network_down
  fi
  if ip route show "$RN_POD_CIDR" | grep -q . || ip -4 addr show | grep -q "inet ${RN_HOST_IP}/"; then
    die "$RN_POD_CIDR or $RN_HOST_IP is already in use on this machine; choose others with POLYCRATE_SANDBOX_REAL_NODE_POD_CIDR, ..._HOST_IP and ..._IP"
  fi
  ip netns add "$RN_NETNS"
  ip link add "$RN_VETH_HOST" type veth peer name "$RN_VETH_NODE" netns "$RN_NETNS"
  ip addr add "$RN_HOST_IP/30" dev "$RN_VETH_HOST"
  ip link set "$RN_VETH_HOST" up
  rn_in_netns ip link set lo up
  rn_in_netns ip addr add "$RN_NODE_IP/30" dev "$RN_VETH_NODE"
  rn_in_netns ip link set "$RN_VETH_NODE" up
  # Pods' replies must come back through the veth, never the default route.
  ip route add "$RN_POD_CIDR" via "$RN_NODE_IP" dev "$RN_VETH_HOST"
  # The namespace routes between the veth and the pod bridge (per namespace).
  rn_in_netns sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
}

rn_network_down() {
  ip route del "$RN_POD_CIDR" 2>/dev/null || true
  # Deleting the namespace removes the veth pair, the pod bridge and every
  # iptables chain the kubelet made inside it.
  ip netns del "$RN_NETNS" 2>/dev/null || true
  ip link del "$RN_VETH_HOST" 2>/dev/null || true
}

# --- configuration -----------------------------------------------------------

rn_write_config() {
  local cni_bin
  cni_bin=$(rn_cni_bin_dir)
  mkdir -p "$RN_DIR"/{containerd,cni/net.d,cni/ipam,kubelet,pod-logs,volume-plugins,kubelet-certs}
  cat > "$RN_DIR/containerd.toml" <<TOML
# Generated by polycrate-sandbox: a private containerd for the real node.
version = 2
root = "$RN_DIR/containerd/root"
state = "$RN_DIR/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs",
  "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]
[grpc]
  address = "$RN_SOCK"
[ttrpc]
  address = "$RN_SOCK.ttrpc"
[debug]
  level = "warn"
[plugins."io.containerd.internal.v1.opt"]
  path = "$RN_DIR/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$RN_PAUSE_IMAGE"
  # This machine's capability bounding set lacks CAP_SYS_RESOURCE: without
  # this, runc cannot set a pod's oom_score_adj and every pod sandbox fails.
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$RN_DIR/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$cni_bin"
    conf_dir = "$RN_DIR/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = ""
TOML
  cat > "$RN_DIR/cni/net.d/10-polycrate-sandbox.conflist" <<CNI
{
  "cniVersion": "1.0.0",
  "name": "polycrate-sandbox",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$RN_BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$RN_DIR/cni/ipam",
        "ranges": [[{"subnet": "$RN_POD_CIDR"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
CNI
  write_kubeconfig "$RN_DIR/kubelet.kubeconfig" "system:node:$RN_NAME" real-node-kubelet
  # The kubelet reaches the API server through the forwarder on the veth.
  sed -i "s#server: https://$HOST:$API_PORT#server: https://$RN_HOST_IP:$API_PORT#" "$RN_DIR/kubelet.kubeconfig"
  cat > "$RN_DIR/kubelet.yaml" <<KUBELET
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $RN_NODE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
containerRuntimeEndpoint: unix://$RN_SOCK
imageServiceEndpoint: unix://$RN_SOCK
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
# Pods get no DNS from the host (it would point outside the namespace).
resolvConf: ""
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $PKI_DIR/ca.crt}
authorization: {mode: Webhook}
registerWithTaints:
- {key: $RN_LABEL, value: "true", effect: NoSchedule}
podLogsDir: $RN_DIR/pod-logs
volumePluginDir: $RN_DIR/volume-plugins
serializeImagePulls: false
# The local images cannot be pulled again: never garbage-collect them.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: "100Mi", nodefs.available: "1%", imagefs.available: "1%", nodefs.inodesFree: "1%"}
maxPods: 50
# image volumes (a block's files from an OCI image): beta and off by default in 1.34; whether they work depends on
# the runtime (containerd 2.1+), see sandbox/README.md
featureGates: {ImageVolume: true}
KUBELET
}

# --- images ------------------------------------------------------------------

# rn_stage_host_binaries DIR BINARY...: copy host binaries and the shared
# libraries they load (ldd) into DIR, keeping their paths.
rn_stage_host_binaries() {
  local dir=$1 b p lib; shift
  for b in "$@"; do
    p=$(type -P "$b") || die "the step image needs the program '$b' on this machine"
    p=$(readlink -f "$p")
    mkdir -p "$dir/usr/bin"
    cp -L "$p" "$dir/usr/bin/$b"
    for lib in $(ldd "$p" 2>/dev/null | grep -o '/[^ ]*'); do
      [[ -e $dir$lib ]] || { mkdir -p "$dir$(dirname "$lib")"; cp -L "$lib" "$dir$lib"; }
    done
  done
}

# The step image: bash, a POSIX sh and the usual tools, copied from this
# machine with their libraries -- small (a few MB) and built in about a second.
RN_STEP_TOOLS=(bash dash cat echo sleep ls grep sed awk env date mkdir rm cp mv ln head tail wc tr cut sort
  uniq tee touch printf test true false id hostname find xargs base64 sha256sum tar gzip chmod stat
  basename dirname seq expr yes timeout kill ps uname pwd readlink realpath mktemp)

rn_build_images() {
  local img_dir=$CACHE_DIR/images tools=$BIN_DIR/sandbox-tools
  mkdir -p "$img_dir"
  local work; work=$(mktemp -d "$img_dir/.build-XXXXXX")
  # pause: one static binary
  mkdir -p "$work/pause"
  cp "$tools/pause" "$work/pause/pause"
  "$tools/oci-image" -tag "$RN_PAUSE_IMAGE" -out "$img_dir/pause.tar" -layer "$work/pause" \
    -entrypoint '["/pause"]' -label org.opencontainers.image.title=polycrate-sandbox-pause >/dev/null
  # step: host tools
  local root=$work/step
  mkdir -p "$root"/{bin,tmp,etc,root,workspace}
  chmod 1777 "$root/tmp"
  rn_stage_host_binaries "$root" "${RN_STEP_TOOLS[@]}"
  ln -s /usr/bin/dash "$root/bin/sh"
  ln -s /usr/bin/bash "$root/bin/bash"
  printf 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  "$tools/oci-image" -tag "$RN_STEP_IMAGE" -out "$img_dir/step.tar" -layer "$root" \
    -env PATH=/usr/local/bin:/usr/bin:/bin -cmd '["/bin/bash"]' -workdir /workspace \
    -label org.opencontainers.image.title=polycrate-sandbox-step \
    -label org.opencontainers.image.description="bash and the usual tools, for steps on the sandbox's real node" >/dev/null
  rm -rf "$work"
}

rn_import_images() {
  local tar
  for tar in "$CACHE_DIR/images/pause.tar" "$CACHE_DIR/images/step.tar" "$@"; do
    rn_ctr images import "$tar" >/dev/null || die "could not import $tar into the real node's containerd"
  done
}

# --- lifecycle -----------------------------------------------------------------

rn_started() { [[ -f $RN_DIR/.up ]]; }

rn_node_ready() {
  [[ $(kubectl_admin get node "$RN_NAME" \
    -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}') == True ]]
}

# rn_save_host_state: what `down` must restore or remove.
rn_save_host_state() {
  local p s
  mkdir -p "$RN_DIR"
  [[ -f $RN_DIR/host-state ]] && return 0
  {
    for p in "${RN_HOST_PATHS[@]}"; do [[ -e $p ]] && echo "existed $p"; done
    for s in "${RN_SYSCTLS[@]}"; do [[ -r /proc/sys/$s ]] && echo "sysctl $s $(</proc/sys/"$s")"; done
  } > "$RN_DIR/host-state.tmp"
  mv "$RN_DIR/host-state.tmp" "$RN_DIR/host-state"
}

# real_node_up: start the real node if this machine can run one (see RN_MODE).
real_node_up() {
  local why
  [[ $RN_MODE == off ]] && { log "real node: off (POLYCRATE_SANDBOX_REAL_NODE=off)"; return 0; }
  why=$(rn_missing)
  if [[ -n $why ]]; then
    [[ $RN_MODE == required ]] && fail_up "real node required (POLYCRATE_SANDBOX_REAL_NODE=required) but cannot start: $why"
    log "real node: NOT started, only the kwok node runs: $why"
    log "real node: tests that need it are skipped; set POLYCRATE_SANDBOX_REAL_NODE=required to make this an error"
    return 0
  fi
  local start=$SECONDS
  # Any failure from here on: say where, take down what was started, exit 1.
  trap 'fail_up "real node: \"$BASH_COMMAND\" failed (sandbox/real-node.sh line $LINENO)" kubelet' ERR
  rn_save_host_state
  rn_write_config
  rn_build_images
  log "real node: network namespace $RN_NETNS ($RN_NODE_IP, pods $RN_POD_CIDR)"
  rn_network_up
  start_exe tcp-forward "$BIN_DIR/sandbox-tools/tcp-forward" \
    -listen "$RN_HOST_IP:$API_PORT" -to "$HOST:$API_PORT"
  rn_start_in_netns containerd "$(command -v containerd)" \
    --config "$RN_DIR/containerd.toml"
  wait_until "the real node's containerd" containerd rn_ctr version
  rn_import_images
  rn_start_in_netns kubelet "$BIN_DIR/kubelet" \
    --config="$RN_DIR/kubelet.yaml" \
    --kubeconfig="$RN_DIR/kubelet.kubeconfig" \
    --root-dir="$RN_DIR/kubelet" \
    --cert-dir="$RN_DIR/kubelet-certs" \
    --hostname-override="$RN_NAME" \
    --node-ip="$RN_NODE_IP" \
    --node-labels="$RN_LABEL=true" \
    --v=1
  wait_until "node $RN_NAME to be Ready" kubelet rn_node_ready
  # As for the kwok node: the node lifecycle controller, which would lift it, is off.
  kubectl_admin taint node "$RN_NAME" node.kubernetes.io/not-ready:NoSchedule- >/dev/null 2>&1 || true
  rn_volumes_up
  touch "$RN_DIR/.up"
  trap - ERR
  log "real node: $RN_NAME Ready in $((SECONDS - start))s (label and taint $RN_LABEL=true, image $RN_STEP_IMAGE)"
}

# The provisioner of PersistentVolumeClaims (pods whose claim is never bound are never scheduled): a directory
# under $RN_DIR/volumes per claim, a hostPath volume bound to the node of the claim's first pod; the default
# StorageClass names it.
rn_volumes_up() {
  local start=$EPOCHREALTIME
  start_exe host-volumes "$BIN_DIR/sandbox-tools/host-volumes" \
    -kubeconfig "$KUBECONFIG_FILE" -dir "$RN_DIR/volumes" -provisioner "$RN_PROVISIONER"
  kubectl_admin apply -f - >/dev/null <<SC
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: $RN_STORAGE_CLASS
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: $RN_PROVISIONER
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
SC
  component_pid host-volumes >/dev/null || fail_up "real node: the volume provisioner host-volumes exited" host-volumes
  log "real node: volume provisioner host-volumes, default StorageClass $RN_STORAGE_CLASS ($(rn_ms_since "$start") ms)"
}

# rn_ms_since EPOCHREALTIME: milliseconds since then.
rn_ms_since() {
  local now=$EPOCHREALTIME
  echo $(( (${now/./} - ${1/./}) / 1000 ))
}

rn_stop() {
  local name=$1 pid deadline
  pid=$(component_pid "$name") || return 0
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + 20))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then kill -KILL "$pid" 2>/dev/null || true; fi
    sleep 0.1
  done
  rm -f "$RUN_DIR/$name.pid"
}

# Processes that belong to the real node even when their pid files are gone:
# containerd shims and containers started through our containerd socket.
rn_leftover_pids() {
  local p cmd
  for p in /proc/[0-9]*; do
    # a process may end between the glob and the read
    cmd=$( { tr '\0' ' ' < "$p/cmdline"; } 2>/dev/null) || continue
    case $cmd in
      *"$RN_SOCK"*|*"$RN_DIR/containerd.toml"*|*"$RN_DIR/kubelet.yaml"*|*"$RN_DIR/volumes"*) echo "${p#/proc/}" ;;
    esac
  done
}

rn_mounts() { awk -v d="$RN_DIR/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r; }

rn_cgroups() {
  find /sys/fs/cgroup -maxdepth 2 -type d -name kubepods 2>/dev/null
}

# real_node_down: undo everything real_node_up did, in order.
real_node_down() {
  rn_mine || return 0
  [[ -d $RN_DIR || -e /run/netns/$RN_NETNS ]] || return 0
  [[ $EUID -eq 0 ]] || { log "real node: state in $RN_DIR, but only root can take it down"; return 1; }
  local api=false id pid s p
  component_healthy kube-apiserver && api=true
  # no volume is provisioned or deleted from here on: the volumes' directories go with $RN_DIR
  rn_stop host-volumes
  if $api && component_pid kubelet >/dev/null; then
    log "real node: deleting its pods while the kubelet runs"
    kubectl_admin delete pods --all-namespaces --field-selector "spec.nodeName=$RN_NAME" \
      --grace-period=2 --wait=true --timeout=40s --request-timeout=45s >/dev/null 2>&1 || true
  fi
  rn_stop kubelet
  if component_pid containerd >/dev/null; then
    # containers and their shims outlive containerd unless removed through it
    for id in $(rn_ctr tasks ls -q 2>/dev/null); do
      rn_ctr tasks kill -a -s SIGKILL "$id" >/dev/null 2>&1 || true
    done
    sleep 0.5
    for id in $(rn_ctr tasks ls -q 2>/dev/null); do rn_ctr tasks delete -f "$id" >/dev/null 2>&1 || true; done
    for id in $(rn_ctr containers ls -q 2>/dev/null); do rn_ctr containers delete "$id" >/dev/null 2>&1 || true; done
  fi
  rn_stop containerd
  for pid in $(rn_leftover_pids); do kill -KILL "$pid" 2>/dev/null || true; done
  for p in $(rn_mounts); do umount "$p" 2>/dev/null || umount -l "$p" 2>/dev/null || true; done
  if $api; then
    kubectl_admin delete node "$RN_NAME" --ignore-not-found --wait=false >/dev/null 2>&1 || true
    kubectl_admin -n kube-node-lease delete lease "$RN_NAME" --ignore-not-found >/dev/null 2>&1 || true
  fi
  # kubepods cgroups, deepest first, once no process is left in them (a
  # container whose containerd died is still there: kill it)
  for p in $(rn_cgroups); do
    for pid in $(find "$p" -name cgroup.procs -exec cat {} + 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  done
  sleep 0.2
  for p in $(rn_cgroups); do find "$p" -depth -type d -exec rmdir {} + 2>/dev/null || true; done
  rm -f /var/lib/kubelet/device-plugins/kubelet.sock
  rn_stop tcp-forward
  rn_network_down
  if [[ -f $RN_DIR/host-state ]]; then
    for p in "${RN_HOST_PATHS[@]}"; do
      grep -qxF "existed $p" "$RN_DIR/host-state" || rm -rf "$p"
    done
    while read -r kind s value; do
      [[ $kind == sysctl && -w /proc/sys/$s ]] && echo "$value" > "/proc/sys/$s" 2>/dev/null || true
    done < "$RN_DIR/host-state"
  fi
  [[ -z $(rn_mounts) ]] && rm -rf "$RN_DIR"
  log "real node: down"
}

# rn_mine: whether what the real node leaves outside the state dir (network namespace, links, route, kubepods
# cgroups, files under /var/lib/kubelet) is this instance's to take down and report. With the real node off
# it is only if this state dir started one: otherwise it may be the real node of another instance (a sandbox
# with its own POLYCRATE_SANDBOX_DIR and ports, as sandbox/benchmark runs), which must be left alone.
rn_mine() { [[ $RN_MODE != off || -d $RN_DIR ]]; }

# real_node_leftovers: print what of the real node remains (nothing after down).
real_node_leftovers() {
  local c p
  for c in "${RN_COMPONENTS[@]}"; do component_pid "$c" >/dev/null && echo "process: $c still runs"; done
  for p in $(rn_leftover_pids); do echo "process: $p ($(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | cut -c1-120))"; done
  for p in $(rn_mounts); do echo "mount: $p"; done
  rn_mine || return 0
  for p in $(rn_cgroups); do echo "cgroup: $p"; done
  [[ -e /run/netns/$RN_NETNS ]] && echo "network namespace: $RN_NETNS"
  ip link show "$RN_VETH_HOST" >/dev/null 2>&1 && echo "link: $RN_VETH_HOST"
  ip link show "$RN_BRIDGE" >/dev/null 2>&1 && echo "link: $RN_BRIDGE (in the root namespace)"
  [[ -n $(ip route show "$RN_POD_CIDR" 2>/dev/null) ]] && echo "route: $RN_POD_CIDR"
  if command -v iptables-save >/dev/null; then
    iptables-save 2>/dev/null | grep -E '^:KUBE-|KUBE-FIREWALL' | sed 's/^/iptables (root namespace): /' || true
  fi
  [[ -e /var/lib/kubelet/device-plugins/kubelet.sock ]] && echo "file: /var/lib/kubelet/device-plugins/kubelet.sock"
  [[ -d $RN_DIR ]] && echo "directory: $RN_DIR"
  true
}

real_node_status() {
  local c pid
  if ! rn_started; then
    printf '%-24s %s\n' "real node" "not started${1:+ ($1)}"
    return 0
  fi
  for c in "${RN_COMPONENTS[@]}"; do
    if pid=$(component_pid "$c"); then printf '%-24s running (pid %s)\n' "$c" "$pid"
    else printf '%-24s stopped\n' "$c"; fi
  done
}
