#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine, checks lint and format,
# then runs the whole suite twice: on SQLite and on a real PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

echo "== system packages"
as_root apt-get update -q >/dev/null
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
  chromium fonts-noto-cjk postgresql redis-server libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
# Java and npm for the Nu HTML checker: this machine kind has both; a bare Debian gets them from the distribution.
command -v java >/dev/null || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q default-jre-headless >/dev/null
command -v npm >/dev/null || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm >/dev/null

echo "== python packages"
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r tests/requirements.txt

echo "== the Nu HTML checker (npm), for the accessibility test"
[ -f node_modules/vnu-jar/build/dist/vnu.jar ] \
  || npm install --no-save --no-audit --no-fund --silent vnu-jar@26.9.27 >/dev/null

echo "== lint, format and layers"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports

echo "== PostgreSQL"
if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  as_root pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -1)" main >/dev/null
fi
read -r pg_version pg_cluster _ < <(pg_lsclusters -h | head -1)
as_root pg_ctlcluster "$pg_version" "$pg_cluster" start 2>/dev/null || true
pg_password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')  # fresh each run, never stored
as_root su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'crm_test'\"" | grep -q 1 \
  || as_root su postgres -c "psql -qc 'CREATE ROLE crm_test LOGIN'"
as_root su postgres -c "psql -qc \"ALTER ROLE crm_test PASSWORD '$pg_password'\""
as_root su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'crm_test'\"" | grep -q 1 \
  || as_root su postgres -c "createdb -O crm_test crm_test"
pg_port=$(pg_lsclusters -h | head -1 | awk '{print $3}')

echo "== tests on SQLite"
.venv/bin/python -m pytest -q -p no:cacheprovider tests

echo "== tests on PostgreSQL"
TEST_DATABASE_URL="postgresql+psycopg://crm_test:${pg_password}@127.0.0.1:${pg_port}/crm_test" \
  .venv/bin/python -m pytest -q -p no:cacheprovider tests
