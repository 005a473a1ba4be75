#!/usr/bin/python3
"""Compares two foncier output folders table by table: same rows, same text, numbers equal
to 1e-6 relative (1e-6 absolute near zero). Used by the postgis tests to check that
--engine postgis gives the in-process results.

    compare_runs.py <folder a> <folder b>
"""
import sys

from osgeo import ogr

QUERIES = {
    "measures": "SELECT site_id, measure, etat, num, texte, note FROM measures ORDER BY site_id, measure",
    "sites": "SELECT site_id, insee, epci, park_id, gare_nom, gare_m, score, classe, rang, fiab FROM sites ORDER BY site_id",
    "communes": "SELECT insee, n_sites, sites_ha FROM communes ORDER BY insee",
    "issues": "SELECT layer, feat_id, kind FROM issues ORDER BY layer, feat_id, kind, message",
}


def rows(folder, name):
    ds = ogr.Open(f"{folder}/foncier.gpkg")
    layer = ds.ExecuteSQL(QUERIES[name])
    out = [[f.GetField(i) for i in range(f.GetFieldCount())] for f in layer]
    ds.ReleaseResultSet(layer)
    return out


def same(x, y):
    if isinstance(x, float) or isinstance(y, float):
        if x is None or y is None:
            return x is y
        return abs(x - y) <= 1e-6 * max(1.0, abs(x), abs(y))
    return x == y


def main():
    a_dir, b_dir = sys.argv[1], sys.argv[2]
    failures = 0
    for name in QUERIES:
        a, b = rows(a_dir, name), rows(b_dir, name)
        bad = [(ra, rb) for ra, rb in zip(a, b) if len(ra) != len(rb) or not all(map(same, ra, rb))]
        if len(a) != len(b) or bad:
            print(f"FAIL: {name}: {len(a)} vs {len(b)} rows, {len(bad)} differ, e.g. {bad[:3]}")
            failures += 1
        else:
            print(f"ok: {name}: {len(a)} rows identical (numbers to 1e-6)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
