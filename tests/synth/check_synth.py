#!/usr/bin/python3
"""The synthetic territory generator keeps its promises (issue 7): communes tessellate the
extent with shared borders (every vertex inside the extent belongs to two communes or more,
bit for bit), every commune is valid, the borders wiggle (more vertices than straight edges),
and the same seed gives the same communes.

    check_synth.py <foncier-synth executable> <scratch folder>
"""
import hashlib
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from osgeo import ogr

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

print(f"{communes} communes, {vertices} vertices, {len(lonely)} unshared inside the extent, "
      f"{collinear} collinear, {invalid} invalid")
shutil.rmtree(scratch, ignore_errors=True)
if failures:
    print("FAILED: " + "; ".join(failures))
    sys.exit(1)
