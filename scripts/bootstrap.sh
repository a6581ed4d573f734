#!/usr/bin/env bash
# Set-up shared by ./make-report and ./run-tests: idempotent, safe to run every time.
#   - a virtual environment in .venv with the project and its Python packages
#   - the Debian packages the build or the tests need (installed when missing and we are root,
#     otherwise named in a clear message)
# Usage: scripts/bootstrap.sh [build|test]
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-build}"

say() { printf '%s\n' "$*" >&2; }

python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  say "Python 3.11 or newer is needed (found: $("$python" --version 2>&1 || echo none)). Install it, or set PYTHON=/path/to/python3.11."
  exit 1
fi

# System packages: WeasyPrint needs Pango (and HarfBuzz's subsetter to embed small fonts); the tests
# read PDFs with poppler and check pages in Chromium.
need=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
if [ "$purpose" = test ]; then need+=(poppler-utils chromium); fi
missing=()
for pkg in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing system packages: ${missing[*]}"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "These system packages are missing: ${missing[*]}"
    say "Install them with:  sudo apt-get install ${missing[*]}"
    exit 1
  fi
fi

# Python packages, reinstalled only when pyproject.toml changes.
if [ ! -x .venv/bin/python ]; then
  say "Creating the virtual environment in .venv"
  "$python" -m venv .venv
fi
stamp=.venv/.luton2040-installed
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "Installing Python packages (about a minute the first time)"
  log=.venv/install.log
  # pip's own chatter (build-backend notices) goes to a log; it is shown only if the install fails.
  if ! { .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip &&
         .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev,plots]"; } >"$log" 2>&1; then
    cat "$log" >&2
    say "Installing the Python packages failed (the messages above are also in $log)."
    exit 1
  fi
  echo "$want" > "$stamp"
fi
