# Sourced by the postgis-labelled test scripts: a private PostgreSQL 15 + PostGIS 3 server on
# a loopback port in a temporary folder, stopped and removed at exit. Defines WORK, PORT,
# PSQL (psql for user postgres) and PG (the GDAL connection string of database foncier).
PG_BIN=/usr/lib/postgresql/15/bin
PORT=$((54330 + RANDOM % 400))
WORK=$(mktemp -d /tmp/foncier-postgis.XXXXXX)
as_pg() { if [[ $(id -u) -eq 0 ]]; then su postgres -c "$1"; else bash -c "$1"; fi; }
cleanup() {
  if [[ -f $WORK/data/postmaster.pid ]]; then as_pg "$PG_BIN/pg_ctl -D $WORK/data -m fast stop" >/dev/null 2>&1 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
if [[ $(id -u) -eq 0 ]]; then chown postgres "$WORK"; fi
as_pg "$PG_BIN/initdb -D $WORK/data -A trust -U postgres -E UTF8" >/dev/null
as_pg "$PG_BIN/pg_ctl -D $WORK/data -o '-p $PORT -k $WORK -c listen_addresses=127.0.0.1' -l $WORK/pg.log -w start" >/dev/null
PSQL="psql -h 127.0.0.1 -p $PORT -U postgres -v ON_ERROR_STOP=1 -q"
$PSQL -d postgres -c "CREATE DATABASE foncier"
$PSQL -d foncier -c "CREATE EXTENSION postgis"
PG="PG:host=127.0.0.1 port=$PORT user=postgres dbname=foncier"
