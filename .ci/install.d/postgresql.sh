#!/usr/bin/env bash
# PostgreSQL for the Sightline.Storage tests: install from apt, make sure one cluster runs on 127.0.0.1:5432,
# and give the postgres role the password the tests use by default
# (SIGHTLINE_TEST_POSTGRES="Host=127.0.0.1;Username=postgres;Password=postgres"). Safe to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  apt-get update -q
  apt-get install -y -q --no-install-recommends postgresql
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$version" main
fi

if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  # No systemd in CI containers: pg_ctlcluster starts the server directly.
  pg_ctlcluster "$version" main start
fi

for _ in $(seq 1 30); do
  if su postgres -c "psql -h 127.0.0.1 -p 5432 -tAc 'select 1'" >/dev/null 2>&1 \
     || su postgres -c "psql -tAc 'select 1'" >/dev/null 2>&1; then
    break
  fi
  sleep 1
done

su postgres -c "psql -q -c \"ALTER ROLE postgres WITH PASSWORD 'postgres'\""
echo "postgresql $version running on 127.0.0.1:5432"
