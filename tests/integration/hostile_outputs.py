"""Helpers of hostile_inputs_test.py: the text and id cases' inputs (a Shapefile written in a
given encoding, a GeoJSON file) and the inspection of their outputs (every text of every output
checked as UTF-8, .dbf files parsed by hand, the ids of each output format)."""
import json
import sqlite3
from pathlib import Path


def site_ids(out: Path):
    con = sqlite3.connect(f"file:{out / 'foncier.gpkg'}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in con.execute("SELECT site_id FROM sites"))
    finally:
        con.close()


# Lambert-93 points inside the two communes.
L93_POMPEY, L93_FROUARD = "POINT (931000 6858000)", "POINT (933000 6858500)"
NAMES = ["Dépôt œuvre", "Forge à l’été"]  # œ and ’ are in 0x80..0x9F of Windows-1252, not of Latin-1


def make_shp(folder: Path, encoding, cpg=None, ldid=None, names=NAMES, surface="surface"):
    """in/friches.shp (EPSG:2154) of two sites named `names`, its .dbf written in `encoding`;
    then its .cpg replaced by `cpg` ("" removes it) and its language driver byte set to `ldid`."""
    from osgeo import ogr, osr
    path = folder / "in/friches.shp"
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2154)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(str(path))
    layer = ds.CreateLayer("friches", srs, ogr.wkbPoint, options=[f"ENCODING={encoding}"])
    for name in ("site_id", "nom", surface):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for (site, wkt), nom in zip([("54430_1", L93_POMPEY), ("54215_1", L93_FROUARD)], names):
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField("site_id", site)
        f.SetField("nom", nom)
        f.SetField(surface, "8000")
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(f)
    ds = None
    if cpg is not None:
        path.with_suffix(".cpg").unlink(missing_ok=True)
        if cpg:
            path.with_suffix(".cpg").write_text(cpg)
    if ldid is not None:
        with open(path.with_suffix(".dbf"), "r+b") as dbf:
            dbf.seek(29)
            dbf.write(bytes([ldid]))


def geojson(*features):
    """in/friches.geojson holding `features`: (site_id, nom, surface, geometry as GeoJSON text)."""
    rows = ",".join('{"type":"Feature","properties":{"site_id":"%s","nom":"%s","surface":%s},"geometry":%s}' % f
                    for f in features)
    return {"in/friches.geojson": '{"type":"FeatureCollection","features":[' + rows + "]}"}




def read_dbf(path: Path):
    """The field names and the rows (field name -> raw bytes) of a dBASE file."""
    data = path.read_bytes()
    count = int.from_bytes(data[4:8], "little")
    header, record = int.from_bytes(data[8:10], "little"), int.from_bytes(data[10:12], "little")
    fields, at = [], 32
    while data[at] != 0x0D:
        fields.append((data[at:at + 11].split(b"\0")[0], data[at + 16]))
        at += 32
    rows = []
    for i in range(count):
        at, row = header + i * record + 1, {}
        for name, size in fields:
            row[name] = data[at:at + size]
            at += size
        rows.append(row)
    return [f[0] for f in fields], rows


BINARY = {".shp", ".shx", ".png", ".jpg", ".pdf", ".zip", ".qgz"}


def invalid_utf8(out: Path):
    """Every text of every output that is not valid UTF-8: each text column of each table of
    the GeoPackages, each field name and value of the .dbf files (decoded per their .cpg, which
    must say UTF-8), every other non-binary file as a whole (GeoJSON, CSV, run.json, styles)."""
    bad = []

    def check(raw, where):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(f"{where}: {raw[:60]!r}")

    for p in sorted(out.rglob("*")):
        if not p.is_file():
            continue
        rel, ext = p.relative_to(out), p.suffix.lower()
        if ext == ".gpkg":
            con = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
            try:
                tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
                for t in tables:
                    for (c,) in [(r[1],) for r in con.execute(f'PRAGMA table_info("{t}")')]:
                        for (v,) in con.execute(f'SELECT CAST("{c}" AS BLOB) FROM "{t}" WHERE typeof("{c}") = \'text\''):
                            check(v, f"{rel} {t}.{c}")
            finally:
                con.close()
        elif ext == ".dbf":
            cpg = p.with_suffix(".cpg")
            if not cpg.exists() or cpg.read_text().strip().upper().replace("-", "") not in ("UTF8", "65001"):
                bad.append(f"{rel}: no .cpg saying UTF-8")
            names, rows = read_dbf(p)
            for n in names:
                check(n, f"{rel} field name")
            for row in rows:
                for n, v in row.items():
                    check(v.rstrip(b" "), f"{rel} {n!r}")
        elif ext not in BINARY:
            check(p.read_bytes(), str(rel))
    return bad


def site_names(out: Path):
    con = sqlite3.connect(f"file:{out / 'foncier.gpkg'}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in con.execute("SELECT nom FROM sites"))
    finally:
        con.close()


def issues_of(out: Path, kind):
    con = sqlite3.connect(f"file:{out / 'foncier.gpkg'}?mode=ro", uri=True)
    try:
        return [r[0] + " / " + r[1] for r in con.execute("SELECT message, action FROM issues WHERE kind = ?", (kind,))]
    finally:
        con.close()


def text_intact(names=NAMES, issues=None, words=()):
    """A check: outputs all valid UTF-8, the sites named `names`, and `issues` `encoding`
    issues (each holding `words`)."""
    def check(t):
        out = t / "out"
        bad = invalid_utf8(out)
        found = issues_of(out, "encoding")
        ok = not bad and site_names(out) == sorted(names)
        ok = ok and (issues is None or len(found) == issues) and all(w in i for i in found for w in words)
        if not ok:
            print(f"    invalid UTF-8: {bad[:5]}; names {site_names(out)}; encoding issues {found}")
        return ok
    return check


def ids_in_every_format(out: Path):
    """The site ids of the GeoPackage, the GeoJSON and the Shapefile copies (sorted)."""
    gpkg = site_ids(out)
    gj = sorted(f["properties"]["site_id"] for f in json.loads((out / "geojson/sites.geojson").read_text())["features"])
    _, rows = read_dbf(out / "shp/sites.dbf")
    shp = sorted(r[b"site_id"].rstrip(b" ").decode("utf-8") for r in rows)
    return gpkg, gj, shp


def same_ids_everywhere(count, longest=254):
    def check(t):
        gpkg, gj, shp = ids_in_every_format(t / "out")
        ok = gpkg == gj == shp and len(set(gpkg)) == count and all(len(i.encode()) <= longest for i in gpkg)
        if not ok:
            print(f"    ids: gpkg {[i[:30] + '..' + i[-20:] for i in gpkg]} geojson {[len(i) for i in gj]} "
                  f"shp {[len(i) for i in shp]}")
        return ok
    return check
