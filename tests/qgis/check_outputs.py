#!/usr/bin/python3
"""Real QGIS (Debian's 3.22, headless) against foncier's outputs.

    check_outputs.py <foncier executable> <territory.toml> <work dir> [<older territory.toml>]

Runs the job, then loads every output layer from the GeoPackage, the Shapefiles and the
GeoJSON, and the QGIS project; checks each is valid, has the expected feature count and
renderer, that every field a renderer or a label uses exists, and renders the sites over the
communes to a PNG that must not be blank. foncier.gpkg also goes through GDAL's GeoPackage
validator (osgeo_utils validate_gpkg, with its extra checks). With an older territory, runs
it too and `foncier diff` of the two, and checks diff.gpkg the same way (changes coloured by
kind, every kind present drawn by a category of the style). Exit 0 when everything holds.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
runtime = Path(sys.argv[3]) / "xdg-runtime"
runtime.mkdir(parents=True, exist_ok=True)
os.chmod(runtime, 0o700)
os.environ["XDG_RUNTIME_DIR"] = str(runtime)

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsMapRendererParallelJob, QgsMapSettings,
                       QgsProject, QgsRenderContext, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor
from osgeo_utils.samples import validate_gpkg

DIFF_RENDERER = {
    "changes": "categorizedSymbol",
    "communes_delta": "graduatedSymbol",
    "epci_delta": "graduatedSymbol",
}

EXPECTED_RENDERER = {
    "sites": "categorizedSymbol",
    "sites_pt": "singleSymbol",
    "communes": "graduatedSymbol",
    "epci": "singleSymbol",
    "parks": "graduatedSymbol",
    "plots": "categorizedSymbol",
    "issues": "categorizedSymbol",
}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL", message, flush=True)


def check_fields(layer, where):
    fields = set(layer.fields().names())
    used = set(layer.renderer().usedAttributes(QgsRenderContext()))
    check(used <= fields, f"{where}: renderer uses missing fields {sorted(used - fields)}")
    if layer.labelsEnabled() and layer.labeling() is not None:
        settings = layer.labeling().settings()
        if not settings.isExpression:
            check(settings.fieldName in fields, f"{where}: label field {settings.fieldName!r} missing")


def render(layers, extent, png, min_share):
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
    settings.setExtent(extent)
    settings.setOutputSize(QSize(800, 900))
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(str(png), "png")
    colours = set()
    painted = 0
    for y in range(0, image.height(), 4):
        for x in range(0, image.width(), 4):
            rgb = image.pixel(x, y) & 0xFFFFFF
            colours.add(rgb)
            painted += rgb != 0xFFFFFF
    share = painted / ((image.width() // 4) * (image.height() // 4))
    check(share > min_share, f"render {png.name}: only {share:.1%} of the image is painted")
    check(len(colours) > 5, f"render {png.name}: only {len(colours)} colours")
    print(f"ok render {png}: {share:.0%} painted, {len(colours)} colours", flush=True)


def check_diff(exe, old_config, new_out, work):
    """foncier diff <older run> <newer run>: diff.gpkg and its copies open styled."""
    old_out = work / "out-old"
    diff = work / "diff"
    for folder in (old_out, diff):
        if folder.exists():
            shutil.rmtree(folder)
    subprocess.run([exe, "run", old_config, "--out", str(old_out), "--quiet"], check=True)
    subprocess.run([exe, "diff", str(old_out), str(new_out), "--out", str(diff)], check=True,
                   stdout=subprocess.DEVNULL)
    counts = json.loads((diff / "diff.json").read_text())["counts"]
    expected_changes = counts["kept_by_id"] + counts["reidentified"] + counts["removed"] + counts["new"]
    check(counts["reidentified"] + counts["removed"] + counts["new"] > 0, "diff: the two inventories show no change")
    try:
        validate_gpkg.check(str(diff / "diff.gpkg"), abort_at_first_error=False, extra_checks=True)
        print("ok diff.gpkg: GDAL's GeoPackage validator finds nothing", flush=True)
    except validate_gpkg.GPKGCheckException as e:
        check(False, f"diff.gpkg: GeoPackage validator: {e}")
    loaded = {}
    for name, renderer in DIFF_RENDERER.items():
        sources = {
            "gpkg": f"{diff}/diff.gpkg|layername={name}",
            "shp": f"{diff}/shp/{name}.shp",
            "geojson": f"{diff}/geojson/{name}.geojson",
        }
        n_gpkg = None
        for fmt, uri in sources.items():
            layer = QgsVectorLayer(uri, name, "ogr")  # default options load the default style
            where = f"{name} ({fmt})"
            check(layer.isValid(), f"{where}: not valid")
            if not layer.isValid():
                continue
            n = layer.featureCount()
            if name == "changes":
                check(n == expected_changes, f"{where}: {n} features, expected {expected_changes}")
            n_gpkg = n if n_gpkg is None else n_gpkg
            check(n == n_gpkg and n > 0, f"{where}: {n} features, gpkg has {n_gpkg}")
            check(layer.renderer().type() == renderer, f"{where}: renderer {layer.renderer().type()}, expected {renderer}")
            check_fields(layer, where)
            if name == "changes":
                # Every kind present in the data is drawn by a category of its own (no fallback).
                styled = {c.value() for c in layer.renderer().categories()}
                present = {f["kind"] for f in layer.getFeatures()}
                check(present <= styled, f"{where}: kinds without a category: {sorted(present - styled)}")
            if fmt == "gpkg":
                check(layer.crs().authid() == "EPSG:2154", f"{where}: CRS {layer.crs().authid()}")
                loaded[name] = layer
        print(f"ok {name}: {n_gpkg} features, {renderer} in gpkg, shp, geojson", flush=True)
    if "changes" in loaded and "communes_delta" in loaded:
        render([loaded["changes"], loaded["communes_delta"]], loaded["communes_delta"].extent().buffered(500),
               diff / "changes_over_deltas.png", 0.2)


def main():
    exe, config, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    out = work / "out"
    if out.exists():
        shutil.rmtree(out)
    subprocess.run([exe, "run", config, "--out", str(out), "--quiet"], check=True)
    counts = json.loads((out / "run.json").read_text())["outputs"]["layers"]

    # The GeoPackage standard's requirements, as GDAL's validator checks them.
    try:
        validate_gpkg.check(str(out / "foncier.gpkg"), abort_at_first_error=False, extra_checks=True)
        print("ok foncier.gpkg: GDAL's GeoPackage validator finds nothing", flush=True)
    except validate_gpkg.GPKGCheckException as e:
        check(False, f"foncier.gpkg: GeoPackage validator: {e}")

    app = QgsApplication([], False)
    app.initQgis()

    for name, renderer in EXPECTED_RENDERER.items():
        sources = {
            "gpkg": f"{out}/foncier.gpkg|layername={name}",
            "shp": f"{out}/shp/{name}.shp",
            "geojson": f"{out}/geojson/{name}.geojson",
        }
        for fmt, uri in sources.items():
            layer = QgsVectorLayer(uri, name, "ogr")  # default options load the default style
            where = f"{name} ({fmt})"
            check(layer.isValid(), f"{where}: not valid")
            if not layer.isValid():
                continue
            check(layer.featureCount() == counts[name], f"{where}: {layer.featureCount()} features, expected {counts[name]}")
            check(layer.renderer().type() == renderer, f"{where}: renderer {layer.renderer().type()}, expected {renderer}")
            check_fields(layer, where)
            if fmt == "gpkg":
                check(layer.crs().authid() == "EPSG:2154", f"{where}: CRS {layer.crs().authid()}")
        print(f"ok {name}: {counts[name]} features, {renderer} in gpkg, shp, geojson", flush=True)

    # The measures table: written apart and moved into foncier.gpkg in one SQL copy.
    measures = QgsVectorLayer(f"{out}/foncier.gpkg|layername=measures", "measures", "ogr")
    check(measures.isValid() and measures.featureCount() == counts["measures"],
          f"measures (gpkg): {measures.featureCount()} rows, expected {counts['measures']}")

    project = QgsProject.instance()
    check(project.read(str(out / "foncier.qgs")), "foncier.qgs: QGIS cannot read it")
    check(project.crs().authid() == "EPSG:2154", f"foncier.qgs: project CRS {project.crs().authid()}")
    # The data credits (ODbL asks for "© OpenStreetMap contributors") as QGIS reads them.
    # QgsProjectMetadata has no rights() in the 3.22 bindings: the <rights> elements of the
    # project's metadata, as QGIS keeps them, from the file.
    import xml.etree.ElementTree as ET
    rights = [r.text or "" for r in ET.parse(out / "foncier.qgs").getroot().iter("rights")]
    check(any("© OpenStreetMap contributors" in r for r in rights), f"foncier.qgs: metadata rights {rights}")
    layers = list(project.mapLayers().values())
    check(len(layers) == 10, f"foncier.qgs: {len(layers)} layers, expected 10")
    by_source = {}
    for layer in layers:
        check(layer.isValid(), f"project layer {layer.name()}: not valid (source {layer.source()})")
        table = layer.source().split("layername=")[-1]
        check(layer.featureCount() == counts[table], f"project layer {layer.name()}: {layer.featureCount()} features")
        if layer.isSpatial():
            check_fields(layer, f"project layer {layer.name()}")
            by_source.setdefault(table, layer)
            expected = "categorizedSymbol" if "statut" in layer.name() else EXPECTED_RENDERER[table]
            check(layer.renderer().type() == expected, f"project layer {layer.name()}: renderer {layer.renderer().type()}")
    groups = [g.name() for g in project.layerTreeRoot().children()]
    check(groups == ["Qualité", "Analyse", "Référence"], f"foncier.qgs: groups {groups}")
    print(f"ok foncier.qgs: {len(layers)} layers in {groups}", flush=True)

    render([by_source["sites"], by_source["communes"]], by_source["communes"].extent().buffered(500),
           out / "sites_over_communes.png", 0.2)

    if len(sys.argv) > 4:
        check_diff(exe, sys.argv[4], out, work)

    print("FAILED" if failures else "ALL OK", flush=True)
    sys.stdout.flush()
    os._exit(1 if failures else 0)  # exitQgis() crashes at teardown with the 3.22 bindings


if __name__ == "__main__":
    main()
