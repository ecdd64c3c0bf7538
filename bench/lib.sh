# Shared by the bench scripts (sourced, not run). Sets BENCH_ROOT and offers:
#   bench_smoke                  true when BENCH_SMOKE=1 (tiny sizes, a few seconds: what .ci/run runs)
#   bench_packages PKG...        installs the Debian packages that are missing (apt-get update first), or explains
#   bench_build MODULE,...       packages the modules (and what they need) with tests skipped, unless BENCH_NO_BUILD=1
#   bench_say MESSAGE            one timestamped progress line
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

bench_say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

bench_smoke() { [[ ${BENCH_SMOKE:-} == 1 || ${BENCH_SMOKE:-} == true ]]; }

bench_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  local sudo=()
  if [[ $(id -u) != 0 ]]; then
    command -v sudo >/dev/null && sudo=(sudo) || {
      echo "bench: needs the Debian packages ${missing[*]}; install them as root (apt-get install ${missing[*]})" >&2
      return 1
    }
  fi
  if ! command -v apt-get >/dev/null; then
    echo "bench: needs ${missing[*]} (Debian package names) and there is no apt-get here; install them by hand" >&2
    return 1
  fi
  bench_say "installing Debian packages: ${missing[*]}"
  if ! { "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
      --no-install-recommends "${missing[@]}"; } >"${TMPDIR:-/tmp}/bench-apt.log" 2>&1; then
    echo "bench: could not install ${missing[*]} with apt-get (log: ${TMPDIR:-/tmp}/bench-apt.log):" >&2
    tail -5 "${TMPDIR:-/tmp}/bench-apt.log" >&2
    return 1
  fi
}

bench_build() {
  if [[ ${BENCH_NO_BUILD:-} == 1 ]]; then
    return 0
  fi
  bench_say "building $1 (tests skipped; BENCH_NO_BUILD=1 uses what is built)"
  # package, not install: the modules come from this tree's reactor, and nothing is written to the local Maven
  # repository (other checkouts on the machine may share it)
  (cd "$BENCH_ROOT" && ./mvnw -B -ntp -q ${BENCH_MAVEN_ARGS:-} -pl "$1" -am package -DskipTests)
}
