#!/usr/bin/env bash
# PostGIS end to end (ctest label `postgis`): a private PostgreSQL 15 + PostGIS 3 server on a
# loopback port, the Val de Lorraine inputs loaded into it with ogr2ogr, `foncier run` reading
# its inputs from PostGIS and writing its outputs to a PostGIS schema; the results must equal
# those of the same job on the files. The server is stopped and removed at exit.
#   run_postgis_test.sh <foncier executable> <repository root>
set -euo pipefail
FONCIER=$1
ROOT=$2
source "$(dirname "$0")/pg_server.sh"
$PSQL -d foncier -c "CREATE SCHEMA src"
DATA=$ROOT/geodata/val-de-lorraine
load() { ogr2ogr -f PostgreSQL "$PG active_schema=src" "$@" -lco GEOMETRY_NAME=geom -lco SCHEMA=src; }
load "$DATA/vdl_communes_cog2026_133.geojson" -nln communes -nlt PROMOTE_TO_MULTI
load "$DATA/val_de_lorraine_communes_current_133.csv" -nln membership
load "$DATA/cartofriches_fxy_2024-03-10_vdl.geojson" -nln friches
load "$DATA/sncf_liste-des-gares_dep54_57.csv" -nln stations -oo X_POSSIBLE_NAMES=X_L93 -oo Y_POSSIBLE_NAMES=Y_L93 \
  -a_srs EPSG:2154

SRC="$PG active_schema=src"
cat > "$WORK/t.toml" <<TOML
name = "Val de Lorraine from PostGIS"
catalogue = "$ROOT/geodata/catalogue.toml"
profile = "val-de-lorraine-activite"
[communes]
path = "$SRC"
layer = "communes"
fields = { insee = "insee", nom = "name", epci = "epci_siren", epci_nom = "epci_name", pop = "population" }
[membership]
path = "$SRC"
layer = "membership"
fields = { insee = "insee", nom = "name", epci = "epci_siren", epci_nom = "epci_name", pop = "population" }
[friches]
path = "$SRC"
layer = "friches"
fields = { id = "site_id", nom = "site_nom", type = "site_type", statut = "site_statut", surface = "site_surface", insee = "comm_insee", pollution = "sol_pollution_existe", zonage = "urba_zone_type", catpro3 = "proprio_type" }
[stations]
path = "$SRC"
layer = "stations"
fields = { id = "code_uic", nom = "libelle" }
TOML
# The same territory on the files, for comparison.
cat > "$WORK/files.toml" <<TOML
name = "Val de Lorraine from files"
catalogue = "$ROOT/geodata/catalogue.toml"
profile = "val-de-lorraine-activite"
[communes]
dataset = "communes_2026"
[membership]
dataset = "epci_membership_2026"
[friches]
dataset = "friches_cartofriches"
[stations]
dataset = "stations_sncf"
TOML

OUT="$PG active_schema=vdl"
"$FONCIER" run "$WORK/t.toml" --out "$OUT" --quiet
"$FONCIER" run "$WORK/files.toml" --out "$WORK/files" --quiet >/dev/null
# An existing schema is replaced only with --overwrite.
if "$FONCIER" run "$WORK/t.toml" --out "$OUT" --quiet 2>"$WORK/err"; then echo "FAIL: overwrote without --overwrite"; exit 1; fi
grep -q -- "--overwrite" "$WORK/err" || { echo "FAIL: no --overwrite hint"; cat "$WORK/err"; exit 1; }
"$FONCIER" run "$WORK/t.toml" --out "$OUT" --overwrite --quiet >/dev/null

$PSQL -d foncier --csv -c "SELECT site_id, insee, epci, round(surf_m2::numeric, 1) AS surf_m2, gare_nom, round(gare_m::numeric, 1) AS gare_m, score, classe, rang FROM vdl.sites ORDER BY site_id" > "$WORK/pg.csv"
ogr2ogr -f CSV "$WORK/files.csv" "$WORK/files/foncier.gpkg" -sql "SELECT site_id, insee, epci, round(surf_m2, 1) AS surf_m2, gare_nom, round(gare_m, 1) AS gare_m, score, classe, rang FROM sites ORDER BY site_id"
# Same values (numbers compared as numbers: the two CSV writers format them differently).
/usr/bin/python3 - "$WORK/files.csv" "$WORK/pg.csv" <<'PY'
import csv, sys
a = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
b = list(csv.reader(open(sys.argv[2], encoding="utf-8")))
def same(x, y):
    try:
        return abs(float(x) - float(y)) < 1e-9
    except ValueError:
        return x == y
bad = [(i, ra, rb) for i, (ra, rb) in enumerate(zip(a, b)) if len(ra) != len(rb) or not all(map(same, ra, rb))]
if len(a) != len(b) or bad:
    print("FAIL: PostGIS and file runs differ:", len(a), len(b), bad[:3])
    sys.exit(1)
PY
ROWS=$($PSQL -d foncier -t -A -c "SELECT count(*) FROM vdl.sites")
EPCI=$($PSQL -d foncier -t -A -c "SELECT count(*), sum(n_sites) FROM vdl.epci")
[[ $ROWS == 74 && $EPCI == "4|74" ]] || { echo "FAIL: $ROWS sites, epci $EPCI"; exit 1; }
echo "ok: inputs read from PostGIS, outputs in schema vdl ($ROWS sites), identical to the file run"
