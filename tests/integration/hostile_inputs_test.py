#!/usr/bin/python3
"""Hostile inputs, end to end through the `foncier` executable: each case sets up a small
territory (two communes near Pompey, a few friches; CSV files), runs one command, and checks
its expected outcome: the exit code, words of the error, or the issue kinds recorded, and in
every case that nothing was lost (every input file byte-identical afterwards; no stray staging
folder; a refused output leaves the previous outputs as they were).

Usage: hostile_inputs_test.py FONCIER_EXE WORK_DIR [CASE_NAME_SUBSTRING]
"""
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from hostile_outputs import (NAMES, geojson, invalid_utf8, issues_of, make_shp, same_ids_everywhere, site_ids,
                             text_intact)

COMMUNES = (
    "insee,nom,epci,pop,wkt\n"
    '54430,Pompey,245400601,5000,"POLYGON((930000 6857000,932000 6857000,932000 6859000,930000 6859000,'
    '930000 6857000))"\n'
    '54215,Frouard,245400601,6500,"POLYGON((932000 6857000,934000 6857000,934000 6859000,932000 6859000,'
    '932000 6857000))"\n')
# Lambert-93 (931000 6858000) and (933000 6858500) in WGS 84 (gdaltransform).
IN_POMPEY = "6.1445165,48.7806907"
IN_FROUARD = "6.1719859,48.7844648"
FAR_AWAY = "6.4276487,49.1509324"
FRICHES = ("site_id,nom,surface,lon,lat\n"
           f"54430_1,Ancienne usine,12000,{IN_POMPEY}\n"
           f"54215_1,Dépôt,8000,{IN_FROUARD}\n")

CONFIG = """name = "Hostile"
output = "../out"
{top}
[communes]
path = "communes.csv"
source_crs = "EPSG:2154"
wkt_field = "wkt"
fields = {{ insee = "insee", nom = "nom", epci = "epci", pop = "pop" }}
{friches}
{tail}
"""
FRICHES_CSV = """[friches]
path = "friches.csv"
source_crs = "EPSG:4326"
x_field = "lon"
y_field = "lat"
fields = { id = "site_id", nom = "nom", surface = "surface" }"""

PROFILE = """name = "hostile"
uses = ["activite"]
[criteria.surface]
measure = "surf_ha"
weight = {weight}
bands = [{{ lt = {limit}, impacts = "N" }}, {{ otherwise = true, impacts = "P" }}]
[[classes]]
name = "A"
min = {min}
[[classes]]
name = "E"
min = 0
"""


class Case:
    def __init__(self, name, args, code, words=(), kinds=(), files=None, config=None, setup=None, check=None,
                 env=None):
        self.name, self.args, self.code, self.words, self.kinds = name, args, code, words, kinds
        self.files = files or {}
        self.config = config or {}
        self.setup, self.check, self.env = setup, check, env or {}


def friches_from(path, surface="surface"):
    """The [friches] section for a file that holds its own geometry and CRS (Shapefile, GeoJSON)."""
    return {"friches": f'[friches]\npath = "{path}"\nfields = {{ id = "site_id", nom = "nom", surface = "{surface}" }}'}


POINT_POMPEY = '{"type":"Point","coordinates":[%s]}' % IN_POMPEY
POINT_FROUARD = '{"type":"Point","coordinates":[%s]}' % IN_FROUARD


def footprint(line):
    return {"tail": "[footprint]\n" + line}


def friches(*rows):
    return {"in/friches.csv": "site_id,nom,surface,lon,lat\n" + "".join(r + "\n" for r in rows)}


def profile_case(name, weight="2", limit="1", min_="70"):
    return Case(name, ["run", "{cfg}", "--profile", "{dir}/in/p.toml", "--quiet"], 2, ["profile", "line"],
                files={"in/p.toml": PROFILE.format(weight=weight, limit=limit, min=min_)})


def run_first(tmp, exe, env):
    r = subprocess.run([exe, "run", str(tmp / "in/t.toml"), "--quiet"], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def digest_tree(folder: Path):
    if not folder.exists():
        return None
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def issue_kinds(out: Path):
    con = sqlite3.connect(f"file:{out / 'foncier.gpkg'}?mode=ro", uri=True)
    try:
        return {r[0] for r in con.execute("SELECT kind FROM issues")}
    finally:
        con.close()


def dead_pid():
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def cases():
    c = []
    run = ["run", "{cfg}", "--quiet"]
    # --- output folder safety: refused with exit 2, nothing lost --------------------------------
    c.append(Case("out_is_the_inputs_folder", ["run", "{cfg}", "--out", "{dir}/in", "--quiet"], 2,
                  ["contains the input"]))
    c.append(Case("out_is_the_inputs_folder_overwrite", ["run", "{cfg}", "--out", "{dir}/in", "--overwrite"], 2,
                  ["contains the input"]))
    c.append(Case("out_contains_the_inputs", ["run", "{cfg}", "--out", "{dir}", "--overwrite"], 2,
                  ["contains the input"]))
    c.append(Case("out_is_an_input_file", ["run", "{cfg}", "--out", "{dir}/in/friches.csv", "--overwrite"], 2,
                  ["is the input"]))
    c.append(Case("out_is_root", ["run", "{cfg}", "--out", "/", "--overwrite"], 2, ["root folder"]))
    c.append(Case("out_is_home", ["run", "{cfg}", "--out", "{dir}/home", "--overwrite"], 2, ["is the home folder"],
                  env={"HOME": "{dir}/home"}, setup=lambda t: (t / "home").mkdir()))
    c.append(Case("out_contains_home", ["run", "{cfg}", "--out", "{dir}/users", "--overwrite"], 2,
                  ["contains the home folder"], env={"HOME": "{dir}/users/me"},
                  setup=lambda t: (t / "users/me").mkdir(parents=True)))
    c.append(Case("overwrite_a_users_folder", ["run", "{cfg}", "--out", "{dir}/mine", "--overwrite"], 2,
                  ["not written by foncier"], files={"mine/thesis.txt": "precious"},
                  check=lambda t: (t / "mine/thesis.txt").read_text() == "precious"))
    c.append(Case("existing_output_without_overwrite", run, 2, ["already exists", "--overwrite"],
                  setup="run_first"))
    c.append(Case("existing_output_with_overwrite", ["run", "{cfg}", "--overwrite", "--quiet"], 0,
                  setup="run_first", check=lambda t: (t / "out/.foncier-output").is_file()))
    c.append(Case("out_is_a_regular_file", ["run", "{cfg}", "--out", "{dir}/notes.txt", "--overwrite"], 2,
                  ["not a folder"], files={"notes.txt": "mine"},
                  check=lambda t: (t / "notes.txt").read_text() == "mine"))
    c.append(Case("export_into_the_inputs", ["export", "{cfg}", "--cnig", "friches", "--out", "{dir}/in",
                                             "--overwrite"], 2, ["contains the input"]))
    c.append(Case("score_a_users_folder", ["score", "{cfg}", "--out", "{dir}/mine", "--quiet"], 2,
                  ["not written by foncier"], files={"mine/thesis.txt": "precious"},
                  config={"top": 'profile = "../p.toml"'},
                  setup=lambda t: (t / "p.toml").write_text(PROFILE.format(weight=2, limit=1, min=70))))
    c.append(Case("query_out_over_an_input", ["query", "{cfg}", "--out", "{dir}/in/friches.csv", "--format", "csv"],
                  2, ["friches.csv"]))
    c.append(Case("query_out_over_an_existing_file", ["query", "{cfg}", "--out", "{dir}/q.gpkg"], 2,
                  ["already exists"], files={"q.gpkg": "mine"},
                  check=lambda t: (t / "q.gpkg").read_text() == "mine"))
    c.append(Case("query_out_new_file", ["query", "{cfg}", "--out", "{dir}/q.geojson"], 0, ["written"],
                  check=lambda t: (t / "q.geojson").stat().st_size > 0
                  and not any(p.name.startswith(".q.geojson") for p in t.iterdir())))
    pid = dead_pid()
    c.append(Case("leftover_staging_removed", ["run", "{cfg}", "--overwrite", "--quiet"], 0, setup="run_first",
                  files={f".out.staging-{pid}/foncier.gpkg": "half"},
                  check=lambda t: sorted(p.name for p in t.iterdir() if p.name.startswith(".out")) == []))
    c.append(Case("leftover_old_recovered", run, 2, ["already exists"],
                  files={f".out.old-{pid}/run.json": "{}", f".out.old-{pid}/foncier.gpkg": "previous"},
                  check=lambda t: (t / "out/foncier.gpkg").read_text() == "previous"))
    # --- configuration numbers: finite, in range, exit 2 naming the key ----------------------
    for name, line, key in [
        ("default_m2_nan", "default_m2 = nan", "default_m2"),
        ("default_m2_inf", "default_m2 = inf", "default_m2"),
        ("default_m2_minus_inf", "default_m2 = -inf", "default_m2"),
        ("default_m2_negative", "default_m2 = -5", "default_m2"),
        ("default_m2_zero", "default_m2 = 0", "default_m2"),
        ("default_m2_huge", "default_m2 = 1e300", "default_m2"),
        ("implausible_ha_negative", "implausible_ha = -1", "implausible_ha"),
        ("implausible_ha_nan", "implausible_ha = nan", "implausible_ha"),
        ("segments_a_billion", "segments = 1000000000", "segments"),
        ("segments_too_few", "segments = 4", "segments"),
        ("segments_fraction", "segments = 12.5", "segments"),
        ("segments_text", 'segments = "64"', "segments"),
    ]:
        c.append(Case(name, run, 2, ["[footprint] " + key, "line"], config=footprint(line),
                      check=lambda t: not (t / "out").exists()))
    # --- the working CRS: known and projected, checked at load time ---------------------------
    for name, crs, words in [
        ("crs_geographic", "EPSG:4326", ["not a projected CRS"]),
        ("crs_unknown_code", "EPSG:999999", ["not a CRS PROJ knows"]),
        ("crs_nonsense", "Lambert 93", ["not a CRS PROJ knows"]),
        ("crs_in_feet", "EPSG:2249", ["not in metres"]),
        ("crs_geocentric", "EPSG:4978", ["not a projected CRS"]),
    ]:
        c.append(Case(name, run, 2, words, config={"top": f'crs = "{crs}"'},
                      check=lambda t: not (t / "out").exists()))
    # --- configs that are not configs ---------------------------------------------------------
    c.append(Case("config_broken_toml", run, 2, ["line", "TOML"], files={"in/t.toml": "name = \"x\n[communes"}))
    c.append(Case("config_unknown_key", run, 2, ["unknown key 'ouptut'"], config={"top": 'ouptut = "x"'}))
    c.append(Case("config_empty", run, 2, [], files={"in/t.toml": ""}))
    c.append(Case("config_binary", run, 2, [], files={"in/t.toml": "\x00\x01\x02\xff\xfe garbage"}))
    c.append(Case("config_missing", ["run", "{dir}/in/nope.toml", "--quiet"], 2, ["does not exist"]))
    c.append(Case("config_key_wrong_type", run, 2, ["catalogue must be a string"], config={"top": "catalogue = 12"}))
    # --- expressions of --where: bounded nesting, no injection -------------------------------
    query = ["query", "{cfg}", "--where"]
    c.append(Case("where_8000_parentheses", query + ["(" * 8000 + "surf_ha > 1" + ")" * 8000], 2,
                  ["nesting deeper than 64"]))
    c.append(Case("where_20000_nots", query + ["not " * 20000 + "surf_ha > 1"], 2, ["nesting deeper than 64"]))
    c.append(Case("where_64_parentheses", query + ["(" * 64 + "surf_ha > 0.1" + ")" * 64], 0, ["2 of"]))
    c.append(Case("where_long_flat_chain", query + [" and ".join(["surf_ha > 0.1"] * 5000)], 0, ["2 of"]))
    c.append(Case("where_unknown_field", query + ["surface > 1"], 2, ["unknown field 'surface'"]))
    c.append(Case("where_sql_injection", query + ["surf_ha > 0; DROP TABLE sites"], 2, ["unexpected ';'"]))
    c.append(Case("where_unterminated_string", query + ["statut = 'friche"], 2, ["unterminated string"]))
    c.append(Case("where_bad_number", query + ["surf_ha > 1.2.3"], 2, ["bad number"]))
    c.append(Case("where_empty", query + [""], 2, ["ends too early"]))
    # --- other query arguments ----------------------------------------------------------------
    q = ["query", "{cfg}"]
    c.append(Case("near_nan", q + ["--near", "nan,nan:-5"], 2, ["--near", "LON,LAT:METRES"]))
    c.append(Case("near_negative_radius", q + ["--near", "6.14,48.78:-5"], 2, ["radius"]))
    c.append(Case("near_out_of_range", q + ["--near", "200,48:100"], 2, ["longitude"]))
    c.append(Case("near_inf", q + ["--near", "6.14,48.78:inf"], 2, ["--near"]))
    c.append(Case("near_layer_nan", q + ["--near-layer", "stations:nan"], 2, ["--near-layer"]))
    c.append(Case("min_not_a_number", q + ["--min", "surf_ha=abc"], 2, ["FIELD=NUMBER"]))
    # --- needs files (match) --------------------------------------------------------------------
    match = ["match", "{cfg}", "{dir}/in/needs.toml"]
    c.append(Case("needs_deep_nesting", match, 2, ["needs file", "nesting deeper than 64"],
                  files={"in/needs.toml": 'require = ["' + "(" * 5000 + "surf_ha > 1" + ")" * 5000 + '"]\n'}))
    c.append(Case("needs_weight_nan", match, 2, ["weight"],
                  files={"in/needs.toml": '[[prefer]]\nwhen = "surf_ha > 1"\nweight = nan\n'}))
    c.append(Case("needs_weight_negative", match, 2, ["weight"],
                  files={"in/needs.toml": '[[prefer]]\nwhen = "surf_ha > 1"\nweight = -3\n'}))
    c.append(Case("needs_broken_toml", match, 2, ["line"], files={"in/needs.toml": "require = [\n"}))
    c.append(Case("needs_missing", match, 2, ["does not exist"]))
    # --- scoring profiles: finite numbers ------------------------------------------------------
    c.append(profile_case("profile_weight_nan", weight="nan"))
    c.append(profile_case("profile_weight_inf", weight="inf"))
    c.append(profile_case("profile_weight_negative", weight="-1"))
    c.append(profile_case("profile_band_limit_nan", limit="nan"))
    c.append(profile_case("profile_class_min_huge", min_="1e9"))
    # --- data problems are issues, and the run goes on ----------------------------------------
    c.append(Case("site_without_surface", run, 0, kinds=["missing_surface"],
                  files=friches(f"54430_1,Sans surface,,{IN_POMPEY}")))
    c.append(Case("site_outside_the_territory", run, 0, kinds=["outside_territory"],
                  files=friches(f"54430_1,Loin,5000,{FAR_AWAY}")))
    c.append(Case("duplicate_site_ids", run, 0, kinds=["duplicate_id"],
                  files=friches(f"54430_1,A,5000,{IN_POMPEY}", f"54430_1,B,5000,{IN_FROUARD}"),
                  check=lambda t: len(set(site_ids(t / "out"))) == 2))
    # A renamed duplicate never takes an id the source gives another site.
    c.append(Case("duplicate_renaming_without_collision", run, 0, kinds=["duplicate_id"],
                  files=friches(f"A,1,5000,{IN_POMPEY}", f"A,2,5000,{IN_FROUARD}", f"A~2,3,5000,{IN_POMPEY}"),
                  check=lambda t: site_ids(t / "out") == ["A", "A~2", "A~3"]))
    c.append(Case("swapped_lat_lon", run, 0, kinds=["swapped_axes"],
                  files=friches("54430_1,Inversé,5000," + ",".join(reversed(IN_POMPEY.split(","))))))
    c.append(Case("surface_implausible", run, 0, kinds=["implausible_surface"],
                  files=friches(f"54430_1,Immense,13610000000,{IN_POMPEY}")))
    c.append(Case("site_without_id", run, 0, kinds=["missing_id"], files=friches(f",Sans id,5000,{IN_POMPEY}")))
    c.append(Case("site_nan_coordinates", run, 0, kinds=["missing_geometry"],
                  files=friches(f"54430_1,Nulle part,5000,nan,nan", f"54215_1,Dépôt,8000,{IN_FROUARD}")))
    # GDAL's CSV driver reads a broken WKT cell as no geometry: the commune is reported as such.
    c.append(Case("commune_unreadable_wkt", run, 0, kinds=["missing_geometry"],
                  files={"in/communes.csv": COMMUNES + '54999,Cassée,245400601,10,"POLYGON((1 2, 3"\n'}))
    # --- text encodings: every output valid UTF-8, names intact, one issue per file ----------
    # A Shapefile decoded from the encoding its .cpg or language driver declares: no issue.
    c.append(Case("shp_1252_declared_by_cpg", run, 0, config=friches_from("friches.shp"),
                  setup=lambda t: make_shp(t, "CP1252"), check=text_intact(issues=0)))
    # LDID 0x57 ("ANSI"), which GDAL calls Latin-1: œ and ’ are Windows-1252's, not U+009C.
    c.append(Case("shp_1252_declared_by_ldid", run, 0, config=friches_from("friches.shp"),
                  setup=lambda t: make_shp(t, "CP1252", cpg="", ldid=0x57), check=text_intact(issues=0)))
    c.append(Case("shp_1252_declared_nowhere", run, 0, kinds=["encoding"], config=friches_from("friches.shp"),
                  setup=lambda t: make_shp(t, "CP1252", cpg="", ldid=0),
                  check=text_intact(issues=1, words=["2 text values", "declares no encoding", "Windows-1252"])))
    c.append(Case("shp_1252_cpg_says_utf8", run, 0, kinds=["encoding"], config=friches_from("friches.shp"),
                  setup=lambda t: make_shp(t, "CP1252", cpg="UTF-8"),
                  check=text_intact(issues=1, words=["not valid UTF-8", ".cpg file declares UTF-8"])))
    c.append(Case("shp_utf8_cpg_says_1252", run, 0, kinds=["encoding"], config=friches_from("friches.shp"),
                  setup=lambda t: make_shp(t, "UTF-8", cpg="1252"),
                  check=text_intact(issues=1, words=["are UTF-8 although", "UTF-8 kept"])))
    c.append(Case("shp_cpg_unknown_encoding", run, 0, kinds=["encoding"], config=friches_from("friches.shp"),
                  setup=lambda t: make_shp(t, "CP1252", cpg="KLINGON"),
                  check=text_intact(issues=1, words=["cannot be decoded from KLINGON", "Windows-1252"])))
    # A field name in the .dbf's own encoding is decoded like the values: the mapping finds it.
    c.append(Case("shp_1252_field_name", run, 0, config=friches_from("friches.shp", surface="surf_déc"),
                  setup=lambda t: make_shp(t, "CP1252", surface="surf_déc"), check=text_intact(issues=0)))
    c.append(Case("csv_in_windows_1252", run, 0, kinds=["encoding"],
                  setup=lambda t: (t / "in/friches.csv").write_bytes(
                      FRICHES.replace("Dépôt", NAMES[0]).replace("Ancienne usine", NAMES[1]).encode("cp1252")),
                  check=text_intact(issues=1, words=["2 text values", "save the file as UTF-8"])))
    c.append(Case("geojson_in_windows_1252", run, 0, kinds=["encoding"], config=friches_from("friches.geojson"),
                  setup=lambda t: (t / "in/friches.geojson").write_bytes(geojson(
                      ("54430_1", NAMES[0], 8000, POINT_POMPEY),
                      ("54215_1", NAMES[1], 8000, POINT_FROUARD))["in/friches.geojson"].encode("cp1252")),
                  check=text_intact(issues=1)))
    # A folder named in Latin-1 (a zip from Windows): its path, in messages and run.json, is not
    # UTF-8; every output still is.
    latin1 = os.fsdecode(b"d\xe9p\xf4t")

    def latin1_folder(t):
        shutil.copytree(t / "in", t / latin1)
        (t / latin1 / "friches.csv").write_bytes(FRICHES.replace("Dépôt", NAMES[0]).encode("cp1252"))
    c.append(Case("config_in_a_latin1_folder", ["run", "{dir}/" + latin1 + "/t.toml", "--quiet"], 0,
                  setup=latin1_folder, check=lambda t: not invalid_utf8(t / "out")
                  and any("friches.csv" in i for i in issues_of(t / "out", "encoding"))))
    c.append(Case("csv_in_utf16", run, 1, ["friches.csv", "UTF-16", "save it as UTF-8"],
                  setup=lambda t: (t / "in/friches.csv").write_bytes(FRICHES.encode("utf-16")),
                  check=lambda t: not (t / "out").exists()))
    c.append(Case("csv_in_utf16_without_bom", run, 1, ["friches.csv", "UTF-16"],
                  setup=lambda t: (t / "in/friches.csv").write_bytes(FRICHES.encode("utf-16-le")),
                  check=lambda t: not (t / "out").exists()))
    # NUL characters: GDAL's C strings end there; the issue names the lines.
    c.append(Case("csv_nul_byte", run, 0, kinds=["encoding"],
                  setup=lambda t: (t / "in/friches.csv").write_bytes(
                      FRICHES.replace("54215_1,", "54215_1\0x,").encode()),
                  check=lambda t: any("(line 3)" in i for i in issues_of(t / "out", "encoding"))))
    c.append(Case("geojson_nul_escape", run, 0, kinds=["encoding"], config=friches_from("friches.geojson"),
                  files={"in/friches.geojson": geojson(("54430_1", "A\\u0000B", 8000, POINT_POMPEY))[
                      "in/friches.geojson"].replace("},{", "},\n{")},
                  check=lambda t: any("(line 1)" in i for i in issues_of(t / "out", "encoding"))))
    # --- ids: control characters escaped, long ids shortened alike in every format ------------
    c.append(Case("id_with_control_characters", run, 0, kinds=["invalid_id"],
                  files=friches(f'"A\tB\x01C",Ctrl,5000,{IN_POMPEY}', f"54215_1,Dépôt,8000,{IN_FROUARD}"),
                  check=lambda t: site_ids(t / "out") == ["54215_1", "A\\x09B\\x01C"]
                  and same_ids_everywhere(2)(t) and not invalid_utf8(t / "out")))
    long_id = "54430_" + "x" * 4994
    c.append(Case("id_of_5000_characters", run, 0, kinds=["invalid_id"],
                  files=friches(f"{long_id},Long,5000,{IN_POMPEY}", f"54215_1,Dépôt,8000,{IN_FROUARD}"),
                  check=same_ids_everywhere(2)))
    c.append(Case("id_of_5000_characters_twice", run, 0, kinds=["invalid_id", "duplicate_id"],
                  files=friches(f"{long_id},Long,5000,{IN_POMPEY}", f"{long_id},Long,8000,{IN_FROUARD}"),
                  check=same_ids_everywhere(2)))
    c.append(Case("id_of_254_bytes_twice", run, 0, kinds=["duplicate_id"],
                  files=friches(f"{'é' * 127},A,5000,{IN_POMPEY}", f"{'é' * 127},B,8000,{IN_FROUARD}"),
                  check=same_ids_everywhere(2)))
    # --- geometries of the wrong type: an issue for that feature, the run goes on --------------
    multipoint = '{"type":"MultiPoint","coordinates":[[%s],[%s]]}' % (IN_POMPEY, IN_FROUARD)
    c.append(Case("multipoint_site", run, 0, kinds=["wrong_geometry_type"], config=friches_from("friches.geojson"),
                  files=geojson(("54430_1", "Multi", 8000, multipoint), ("54215_1", "Dépôt", 8000, POINT_FROUARD)),
                  check=lambda t: site_ids(t / "out") == ["54215_1", "54430_1"]
                  and any("centroid" in i for i in issues_of(t / "out", "wrong_geometry_type"))))
    single = '{"type":"MultiPoint","coordinates":[[%s]]}' % IN_POMPEY
    c.append(Case("multipoint_of_one_point", run, 0, kinds=["wrong_geometry_type"],
                  config=friches_from("friches.geojson"),
                  files=geojson(("54430_1", "Multi", 8000, single), ("54215_1", "Dépôt", 8000, POINT_FROUARD)),
                  check=lambda t: any("single point" in i for i in issues_of(t / "out", "wrong_geometry_type"))))
    line = '{"type":"LineString","coordinates":[[%s],[%s]]}' % (IN_POMPEY, IN_FROUARD)
    c.append(Case("line_site", run, 0, kinds=["wrong_geometry_type"], config=friches_from("friches.geojson"),
                  files=geojson(("54430_1", "Ligne", 8000, line), ("54215_1", "Dépôt", 8000, POINT_FROUARD)),
                  check=lambda t: site_ids(t / "out") == ["54215_1"]))
    points = '{"type":"GeometryCollection","geometries":[%s,%s]}' % (POINT_POMPEY, POINT_FROUARD)
    c.append(Case("collection_of_points_site", run, 0, kinds=["wrong_geometry_type"],
                  config=friches_from("friches.geojson"),
                  files=geojson(("54430_1", "Coll", 8000, points), ("54215_1", "Dépôt", 8000, POINT_FROUARD)),
                  check=lambda t: site_ids(t / "out") == ["54215_1"]))
    # --- implausibly small declared surfaces: flagged and treated as missing ------------------
    c.append(Case("surface_1e300", run, 0, kinds=["implausible_surface"],
                  files=friches(f"54430_1,Immense,1e300,{IN_POMPEY}", f"54215_1,Dépôt,8000,{IN_FROUARD}"),
                  check=lambda t: site_ids(t / "out") == ["54215_1", "54430_1"]
                  and any("1e+296 ha is above" in i for i in issues_of(t / "out", "implausible_surface"))))
    for name, value in [("surface_1e-300", "1e-300"), ("surface_zero", "0"), ("surface_negative", "-5"),
                        ("surface_half_m2", "0.5"), ("surface_nan", "nan")]:
        c.append(Case(name, run, 0, kinds=["implausible_surface", "missing_surface"],
                      files=friches(f"54430_1,Minuscule,{value},{IN_POMPEY}"),
                      check=lambda t: any("treated as missing" in i for i in issues_of(t / "out", "implausible_surface"))))
    c.append(Case("strict_with_issues_writes_nothing", ["run", "{cfg}", "--strict"], 3, ["issue"],
                  files=friches(f"54430_1,Sans surface,,{IN_POMPEY}"), check=lambda t: not (t / "out").exists()))
    # --- broken files: a clear error naming the file ------------------------------------------
    c.append(Case("friches_zero_bytes", run, 1, ["friches.csv"], files={"in/friches.csv": ""},
                  check=lambda t: not (t / "out").exists()))
    c.append(Case("friches_missing", run, 1, ["friches.csv", "does not exist"], setup=lambda t:
                  (t / "in/friches.csv").unlink(), check=lambda t: not (t / "out").exists()))
    c.append(Case("communes_missing_column", run, 2, ["insee"],
                  files={"in/communes.csv": COMMUNES.replace("insee,", "code,", 1)},
                  check=lambda t: not (t / "out").exists()))
    c.append(Case("shp_without_dbf", run, 1, ["friches.shp", "has no .dbf", "copy the .dbf"],
                  config=friches_from("friches.shp"),
                  setup=lambda t: (make_shp(t, "UTF-8"), (t / "in/friches.dbf").unlink()),
                  check=lambda t: not (t / "out").exists()))
    c.append(Case("shp_with_corrupt_dbf", run, 1, ["friches.dbf", "cannot be read", "beside the .shp"],
                  config=friches_from("friches.shp"),
                  setup=lambda t: (make_shp(t, "UTF-8"), (t / "in/friches.dbf").write_bytes(os.urandom(64))),
                  check=lambda t: not (t / "out").exists()))
    c.append(Case("shp_with_truncated_dbf", run, 1, ["friches.dbf", "cannot be read"],
                  config=friches_from("friches.shp"),
                  setup=lambda t: (make_shp(t, "UTF-8"), (t / "in/friches.dbf").write_bytes(
                      (t / "in/friches.dbf").read_bytes()[:40])),
                  check=lambda t: not (t / "out").exists()))
    c.append(Case("shp_truncated", run, 1, ["layer 'friches'", "friches.shp", "failed", "truncated or corrupt"],
                  config=friches_from("friches.shp"),
                  setup=lambda t: (make_shp(t, "UTF-8"), (t / "in/friches.shp").write_bytes(
                      (t / "in/friches.shp").read_bytes()[:-10])),
                  check=lambda t: not (t / "out").exists()))
    c.append(Case("friches_unknown_source_crs", run, 2, ["layer 'friches'", "friches.csv", "EPSG:999999", "source_crs"],
                  config={"friches": FRICHES_CSV.replace("EPSG:4326", "EPSG:999999")},
                  check=lambda t: not (t / "out").exists()))
    # --- validate -------------------------------------------------------------------------------
    c.append(Case("validate_issues_over_existing_file",
                  ["validate", "{dir}/in/friches.csv", "--standard", "friches", "--issues", "{dir}/in/communes.csv"],
                  2, ["communes.csv"]))
    c.append(Case("validate_zero_byte_file", ["validate", "{dir}/empty.csv", "--standard", "friches"], 1,
                  ["empty.csv", "check that the file is complete"],
                  files={"empty.csv": ""}))
    reference = (Path(__file__).resolve().parents[1] / "data/cnig/reference/friches.csv").read_bytes()
    lf = reference.replace(b"\r\n", b"\n")
    for name, end, words in [("validate_cr_line_ends", b"\r", ["CR line ends"]),
                             ("validate_lf_line_ends", b"\n", ["LF line ends"]),
                             ("validate_crlf_line_ends", b"\r\n", ["CRLF line ends"]),
                             ("validate_mixed_line_ends", None, ["mixed (CRLF, LF) line ends"])]:
        text = lf.replace(b"\n", end) if end else lf.replace(b"\n", b"\r\n", 1)
        c.append(Case(name, ["validate", "{dir}/in/ref.csv", "--standard", "friches"], 0, words + ["valid"],
                      setup=lambda t, text=text: (t / "in/ref.csv").write_bytes(text)))
    c.append(Case("validate_windows_1252_file", ["validate", "{dir}/in/ref.csv", "--standard", "friches"], 3,
                  ["not UTF-8 (read as Windows-1252)", "file.encoding", "save the file as UTF-8"],
                  setup=lambda t: (t / "in/ref.csv").write_bytes(
                      reference.decode("utf-8").encode("cp1252"))))
    return c


def main() -> int:
    exe, work = sys.argv[1], Path(sys.argv[2])
    only = sys.argv[3] if len(sys.argv) > 3 else ""
    all_cases = cases()
    names = [c.name for c in all_cases]
    assert len(names) == len(set(names)), "case names must be unique"
    failures = []
    ran = 0
    for case in all_cases:
        if only not in case.name:
            continue
        ran += 1
        tmp = work / case.name
        shutil.rmtree(tmp, ignore_errors=True)
        (tmp / "in").mkdir(parents=True)
        (tmp / "in/communes.csv").write_text(COMMUNES)
        (tmp / "in/friches.csv").write_text(FRICHES)
        config = {"top": "", "tail": "", "friches": FRICHES_CSV}
        config.update(case.config)
        (tmp / "in/t.toml").write_text(CONFIG.format(**config))
        for rel, text in case.files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_text(text)
        env = dict(os.environ)
        env.update({k: v.replace("{dir}", str(tmp)) for k, v in case.env.items()})
        if case.setup == "run_first":
            run_first(tmp, exe, env)
        elif case.setup is not None:
            case.setup(tmp)
        inputs_before = digest_tree(tmp / "in")
        out_before = digest_tree(tmp / "out")
        args = [a.replace("{cfg}", str(tmp / "in/t.toml")).replace("{dir}", str(tmp)) for a in case.args]
        r = subprocess.run([exe] + args, env=env, capture_output=True, text=True, errors="replace", timeout=120)
        text = r.stdout + r.stderr
        problems = []
        if r.returncode != case.code:
            problems.append(f"exit {r.returncode}, expected {case.code}")
        if r.returncode < 0 or "unexpected error" in text or "Sanitizer" in text:
            problems.append("crash or unexpected error")
        for w in case.words:
            if w not in text:
                problems.append(f"no '{w}' in the output")
        if digest_tree(tmp / "in") != inputs_before:
            problems.append("an input file changed or disappeared")
        if case.code != 0 and case.setup == "run_first" and digest_tree(tmp / "out") != out_before:
            problems.append("the previous outputs changed although the command failed")
        if case.kinds:
            try:
                kinds = issue_kinds(tmp / "out")
                missing = [k for k in case.kinds if k not in kinds]
                if missing:
                    problems.append(f"no issue {missing} (issues: {sorted(kinds)})")
            except sqlite3.Error as e:
                problems.append(f"cannot read the issues: {e}")
        if not problems and case.check is not None and not case.check(tmp):
            problems.append("its check failed")
        stray = [p.name for p in tmp.iterdir() if ".staging-" in p.name or ".old-" in p.name]
        if stray and case.name != "leftover_staging_removed":
            problems.append(f"stray folders {stray}")
        if problems:
            failures.append(f"{case.name}: {'; '.join(problems)}\n    {' '.join(args)[:200]}\n    "
                            f"output: {text.strip()[:400]}")
        else:
            if not os.environ.get("HOSTILE_KEEP"):
                shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("FAIL", f)
    print(f"{ran - len(failures)} of {ran} hostile cases behave as expected")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
