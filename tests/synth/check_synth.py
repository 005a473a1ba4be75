#!/usr/bin/python3
"""The synthetic territory generator keeps its promises (issue 7): communes tessellate the
extent with shared borders (every vertex inside the extent belongs to two communes or more,
bit for bit), every commune is valid, the borders wiggle (more vertices than straight edges),
and the same seed gives the same communes. And those of issue 22 on the realistic preset:
most polygon friches are not convex, all but the bow ties are valid, some have holes and some
several parts; parks are concave polygons of 12 to 40 vertices whose plots tile them; the
census it writes (shapes.md) counts what it drew.

    check_synth.py <foncier-synth executable> <scratch folder>
"""
import hashlib
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from osgeo import gdal, ogr

gdal.PushErrorHandler("CPLQuietErrorHandler")  # the bow ties are invalid on purpose

ogr.UseExceptions()
synth, scratch = sys.argv[1], Path(sys.argv[2])
shutil.rmtree(scratch, ignore_errors=True)


def generate(folder):
    subprocess.run([synth, "small", str(folder)], check=True, stderr=subprocess.DEVNULL)
    ds = ogr.Open(str(folder / "synth.gpkg"))
    return ds, ds.GetLayerByName("communes")


ds, layer = generate(scratch / "a")
minx, maxx, miny, maxy = layer.GetExtent()
uses, digest, invalid, communes, collinear = Counter(), hashlib.sha256(), 0, 0, 0
for feature in layer:
    g = feature.GetGeometryRef()
    communes += 1
    invalid += not g.IsValid()
    digest.update(g.ExportToWkb())
    for p in range(g.GetGeometryCount()):
        ring = g.GetGeometryRef(p).GetGeometryRef(0).GetPoints()[:-1]
        for v in set(ring):
            uses[v] += 1
        # A wiggly border: vertices off the straight line of their neighbours.
        for a, b, c in zip(ring, ring[1:] + ring[:1], ring[2:] + ring[:2]):
            cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
            collinear += abs(cross) < 1e-6 * max(1.0, abs(c[0] - a[0]) * abs(c[1] - a[1]))

on_extent = lambda v: v[0] in (minx, maxx) or v[1] in (miny, maxy)
lonely = [v for v, n in uses.items() if n == 1 and not on_extent(v)]
vertices = sum(uses.values())
failures = []
if communes < 1000:
    failures.append(f"{communes} communes, expected about 1 300")
if invalid:
    failures.append(f"{invalid} invalid communes")
if lonely:
    failures.append(f"{len(lonely)} vertices inside the extent belong to one commune only, e.g. {lonely[:3]}")
if collinear > vertices * 0.2:
    failures.append(f"{collinear} of {vertices} vertices lie on a straight line: the borders do not wiggle")

ds2, layer2 = generate(scratch / "b")
digest2 = hashlib.sha256()
for feature in layer2:
    digest2.update(feature.GetGeometryRef().ExportToWkb())
if digest.hexdigest() != digest2.hexdigest():
    failures.append("two runs with the same seed give different communes")

# Brownfields (friches.csv, WKT): shapes.
sites = concave = bad = holes = multi = points = 0
with open(scratch / "a" / "friches.csv", newline="") as f:
    import csv
    for row in csv.DictReader(f):
        g = ogr.CreateGeometryFromWkt(row["wkt"])
        sites += 1
        if g.GetGeometryName() == "POINT":
            points += 1
            continue
        if not g.IsValid():
            bad += 1
            continue
        concave += g.ConvexHull().GetArea() > g.GetArea() * (1 + 1e-9)
        polygons = [g] if g.GetGeometryName() == "POLYGON" else [g.GetGeometryRef(i) for i in range(g.GetGeometryCount())]
        multi += len(polygons) > 1
        holes += any(p.GetGeometryCount() > 1 for p in polygons)
if concave < 0.6 * (sites - points - bad):
    failures.append(f"{concave} of {sites - points - bad} valid polygon friches are concave: expected most")
if bad > 0.02 * sites:
    failures.append(f"{bad} invalid friches: expected only the 1 % of bow ties")
if points < 0.15 * sites or holes == 0 or multi == 0:
    failures.append(f"{points} points, {holes} friches with holes, {multi} multi-part: expected some of each")
# Parks: concave, 12 to 40 vertices; their plots tile them.
parks = {}
convex_parks = 0
for feature in ds.GetLayerByName("parks"):
    g = feature.GetGeometryRef()
    n = g.GetGeometryRef(0).GetGeometryRef(0).GetPointCount() - 1
    if not 12 <= n <= 40 or not g.IsValid():
        failures.append(f"park {feature.GetField('site_id')}: {n} vertices, valid {g.IsValid()}")
        break
    convex_parks += g.ConvexHull().GetArea() <= g.GetArea() * (1 + 1e-9)
    parks[feature.GetField("site_id")] = [g.GetArea(), 0.0]
for feature in ds.GetLayerByName("plots"):
    parks[feature.GetField("site_id")][1] += feature.GetGeometryRef().GetArea()
untiled = [k for k, (area, plots) in parks.items() if abs(area - plots) > 1e-6 * area]
if untiled or convex_parks > 0.1 * len(parks):
    failures.append(f"{len(untiled)} parks not tiled by their plots, {convex_parks} of {len(parks)} convex")
census = (scratch / "a" / "shapes.md").read_text()
if f"| {points} |" not in census:
    failures.append(f"shapes.md does not count the {points} points drawn")

print(f"{communes} communes, {vertices} vertices, {len(lonely)} unshared inside the extent, "
      f"{collinear} collinear, {invalid} invalid; {sites} friches: {points} points, {concave} concave, "
      f"{holes} with holes, {multi} multi-part, {bad} invalid; {len(parks)} parks, {convex_parks} convex")
shutil.rmtree(scratch, ignore_errors=True)
if failures:
    print("FAILED: " + "; ".join(failures))
    sys.exit(1)
