# shellcheck shell=bash
# Sourced by scripts/test and scripts/run: find an Odoo 18 that is already installed.
# Order: ODOO_PATH (folder holding odoo-bin) + ODOO_PYTHON; then the standard place
# /opt/odoo (odoo-bin) with /opt/odoo/venv/bin/python; then an importable `odoo` in python3.
# Sets ODOO_BIN (a command array), ODOO_PY (the interpreter) and ODOO_ADDONS (Odoo's own
# addons folders: odoo/addons inside a source tree, and the root addons/ of a git clone).
find_odoo() {
  local path="${ODOO_PATH:-}"
  if [ -z "$path" ] && [ -f /opt/odoo/odoo-bin ]; then
    path=/opt/odoo
  fi
  if [ -n "$path" ]; then
    if [ ! -f "$path/odoo-bin" ]; then
      echo "ODOO_PATH=$path holds no odoo-bin" >&2
      return 1
    fi
    ODOO_PY="${ODOO_PYTHON:-}"
    if [ -z "$ODOO_PY" ]; then
      if [ -x "$path/venv/bin/python" ]; then ODOO_PY="$path/venv/bin/python"; else ODOO_PY=python3; fi
    fi
    ODOO_BIN=("$ODOO_PY" "$path/odoo-bin")
    ODOO_ADDONS=""
    local dir
    for dir in "$path/odoo/addons" "$path/addons"; do
      if [ -f "$dir/web/__manifest__.py" ]; then ODOO_ADDONS="${ODOO_ADDONS:+$ODOO_ADDONS,}$dir"; fi
    done
    export PYTHONPATH="$path${PYTHONPATH:+:$PYTHONPATH}"
    return 0
  fi
  ODOO_PY="${ODOO_PYTHON:-python3}"
  if "$ODOO_PY" -c 'import odoo, sys; sys.exit(0 if odoo.release.version_info[0] == 18 else 1)' 2>/dev/null; then
    ODOO_BIN=("$ODOO_PY" -m odoo)
    # an installed odoo package finds its own addons
    ODOO_ADDONS=""
    return 0
  fi
  cat >&2 <<'MSG'
No Odoo 18.0 found. Provide one of:
  - ODOO_PATH=/path/to/odoo (the folder holding odoo-bin) and ODOO_PYTHON=/path/to/python
    (an interpreter with Odoo's requirements installed);
  - an Odoo 18.0 source in /opt/odoo with its virtualenv in /opt/odoo/venv (the default place);
  - an importable `odoo` (18.0) in python3.
See README.md, "Installing Odoo 18 by hand".
MSG
  return 1
}

# The --addons-path value: our addons (folder $1) then Odoo's own.
addons_path() {
  echo "$1${ODOO_ADDONS:+,$ODOO_ADDONS}"
}

# Start a local PostgreSQL if none answers, and make sure the current user has a role.
ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! command -v psql >/dev/null 2>&1; then
    apt_install postgresql postgresql-client
  fi
  if ! pg_isready -q 2>/dev/null; then
    local ver
    ver=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
    if [ -z "$ver" ]; then apt_install postgresql; ver=$(ls /etc/postgresql | sort -n | tail -1); fi
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>/dev/null || pg_ctlcluster "$ver" main start
    for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
  fi
  local me
  me=$(id -un)
  if ! psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
    su postgres -c "psql -q -c \"CREATE ROLE \\\"$me\\\" SUPERUSER LOGIN\"" >/dev/null
  fi
}

APT_UPDATED=
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "Missing Debian packages: ${missing[*]} (run as root or install them)" >&2
    return 1
  fi
  if [ -z "$APT_UPDATED" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}
