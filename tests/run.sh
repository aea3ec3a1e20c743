#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian machine, then run them.
#   Debian: chromium (browser tests, driven by Playwright; never `playwright install`),
#           libvoikko1 + voikko-fi (Finnish morphology for `eujgraph extract`),
#           virtuoso-opensource (a shared store the library queries are checked against)
#   PyPI:   the package with its `test` extra (pytest, playwright, the oxigraph server, ...)
# Extra arguments go to pytest, e.g. `bash tests/run.sh -k query`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium chromium-driver fonts-dejavu-core)
{ ldconfig -p | grep -q libvoikko.so.1 && [ -d /usr/lib/voikko ]; } || missing+=(libvoikko1 voikko-fi)
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

python3 -m pip install -e '.[test]'
python3 -m pytest "$@"
