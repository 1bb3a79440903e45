#!/bin/bash
# Start Odoo with the Social CRM addons: install them (with Japanese loaded) on the first
# start of the database, update them on every later start, then serve.
set -euo pipefail
db=${SOCIAL_DB:-social_crm}
addons=social_interest,social_listening,social_maturity
conf=/var/lib/odoo/odoo.conf
if [ -z "${ODOO_ADMIN_PASSWORD:-}" ]; then
    echo "Set ODOO_ADMIN_PASSWORD (the master password of this Odoo)." >&2
    exit 1
fi
cp /etc/odoo/social-crm.conf "$conf"
printf 'admin_passwd = %s\n' "$ODOO_ADMIN_PASSWORD" >>"$conf"
export ODOO_RC=$conf
state=$(PGPASSWORD=${PASSWORD:-odoo} psql -h "${HOST:-db}" -p "${PORT:-5432}" -U "${USER:-odoo}" \
    -d "$db" -tAc "SELECT state FROM ir_module_module WHERE name = 'social_interest'" \
    2>/dev/null || true)
if [ "$state" = installed ]; then
    action=(--update="$addons")
else
    action=(--init="$addons" --load-language=ja_JP)
    [ -n "${SOCIAL_WITHOUT_DEMO:-}" ] && action+=(--without-demo=all)
fi
exec /entrypoint.sh odoo --database="$db" --db-filter="^$db\$" "${action[@]}" "$@"
