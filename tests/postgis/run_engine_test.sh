#!/usr/bin/env bash
# --engine postgis (ctest label `postgis`): the spatial joins pushed down to a private
# PostgreSQL 15 + PostGIS 3 server must give the in-process results, on the Val de Lorraine
# data and on the `small` synthetic preset; the scratch schema is gone afterwards.
#   run_engine_test.sh <foncier executable> <foncier-synth executable> <repository root>
set -euo pipefail
FONCIER=$1
SYNTH=$2
ROOT=$3
source "$(dirname "$0")/pg_server.sh"
COMPARE=$(dirname "$0")/compare_runs.py

both_engines() {  # <config> <name>
  "$FONCIER" run "$1" --out "$WORK/$2-local" --formats gpkg --quiet >/dev/null
  "$FONCIER" run "$1" --out "$WORK/$2-postgis" --formats gpkg --engine postgis --database "$PG" --quiet >/dev/null
  grep -q '"engine": "postgis"' "$WORK/$2-postgis/run.json" || { echo "FAIL: run.json does not say engine postgis"; exit 1; }
  grep -q '"engine": "local"' "$WORK/$2-local/run.json" || { echo "FAIL: run.json does not say engine local"; exit 1; }
  /usr/bin/python3 "$COMPARE" "$WORK/$2-local" "$WORK/$2-postgis"
}

both_engines "$ROOT/geodata/val-de-lorraine.toml" vdl
"$SYNTH" small "$WORK/small" 2>/dev/null
both_engines "$WORK/small/territory.toml" small

LEFT=$($PSQL -d foncier -t -A -c "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'foncier_scratch%'")
[[ $LEFT == 0 ]] || { echo "FAIL: $LEFT scratch schema(s) left in the database"; exit 1; }
# No server: a clear error naming the connection, exit code 2 (configuration/IO), no output.
if "$FONCIER" run "$ROOT/geodata/val-de-lorraine.toml" --out "$WORK/none" --engine postgis \
    --database "PG:host=127.0.0.1 port=1 dbname=nowhere" --quiet 2>"$WORK/err"; then
  echo "FAIL: ran without a server"; exit 1
fi
grep -q "cannot connect" "$WORK/err" || { echo "FAIL: unclear error:"; cat "$WORK/err"; exit 1; }
[[ ! -e $WORK/none ]] || { echo "FAIL: output written without a server"; exit 1; }
echo "ok: --engine postgis equals the in-process engine on the Val de Lorraine and the small preset"
