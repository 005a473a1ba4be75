#!/usr/bin/python3
"""Fault injection: `kill -9` at random moments of `foncier run --overwrite` over an existing
output folder. After each kill the output folder must be exactly as before (every byte) or
complete and new (the same content as an uninterrupted run of the new command); a last run must
leave no stray staging or old folder next to it.

The runs alternate between two different outputs (GeoPackage only, and GeoPackage + GeoJSON +
Shapefile), so "as before" and "new" are told apart. A GeoPackage is compared by content (every
row of every table, sorted), not bytes: its pages are laid out by two writer threads.

Usage: kill_publish_test.py FONCIER_EXE CONFIG WORK_DIR [KILLS] [SEED]
"""
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

VARIABLE_RUN_KEYS = ("timings_s", "timings")  # wall-clock figures differ between runs


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def gpkg_digest(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return "corrupt"
        h = hashlib.sha256()
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'rtree_%' ORDER BY name")]
        for t in tables:
            rows = con.execute(f'SELECT * FROM "{t}"').fetchall()
            if t == "gpkg_contents":  # last_change is the time of writing
                rows = [r[:4] + r[5:] for r in rows]
            h.update(t.encode())
            for r in sorted(repr(r) for r in rows):
                h.update(r.encode())
        return h.hexdigest()
    finally:
        con.close()


def exact(folder: Path) -> dict:
    """Every file's bytes: "as before" means exactly this."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): file_digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def content(folder: Path) -> dict:
    """What an uninterrupted run writes, minus what legitimately differs between two runs."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file():
            continue
        rel = str(p.relative_to(folder))
        if p.suffix == ".gpkg":
            out[rel] = gpkg_digest(p)
        elif rel == "run.json":
            j = json.loads(p.read_text())
            for k in VARIABLE_RUN_KEYS:
                j.pop(k, None)
            out[rel] = hashlib.sha256(json.dumps(j, sort_keys=True).encode()).hexdigest()
        else:
            out[rel] = file_digest(p)
    return out


def run(exe, config, out, formats, env, check=True):
    cmd = [exe, "run", config, "--out", str(out), "--overwrite", "--quiet", "--formats", formats]
    r = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if check and r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {r.returncode}: {r.stderr}")
    return r


def main() -> int:
    exe, config, work = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    kills = int(sys.argv[4]) if len(sys.argv) > 4 else 50
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else int(time.time())
    rng = random.Random(seed)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    out = work / "out"
    env = dict(os.environ)
    formats = ["gpkg", "gpkg,geojson,shp"]

    # The complete outputs of each command, from uninterrupted runs; the run time sets the
    # window of the kills.
    reference = {}
    durations = []
    for f in formats:
        ref = work / ("ref-" + f.replace(",", "-"))
        t0 = time.monotonic()
        run(exe, config, ref, f, env)
        durations.append(time.monotonic() - t0)
        reference[f] = content(ref)
        shutil.rmtree(ref)
    window = max(durations) * 1.15
    run(exe, config, out, formats[0], env)

    outcomes = {"before": 0, "new": 0}
    for i in range(kills):
        before = exact(out)
        f = formats[(i + 1) % 2]
        delay = rng.uniform(0.0, window)
        cmd = [exe, "run", config, "--out", str(out), "--overwrite", "--quiet", "--formats", f]
        p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        if not out.is_dir():
            print(f"FAIL (seed {seed}): kill {i + 1} after {delay:.3f} s left no output folder")
            return 1
        after = exact(out)
        if after == before:
            outcomes["before"] += 1
        elif content(out) == reference[f]:
            outcomes["new"] += 1
            if not (out / ".foncier-output").is_file():
                print(f"FAIL (seed {seed}): kill {i + 1}: new outputs without the stamp")
                return 1
        else:
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            print(f"FAIL (seed {seed}): kill {i + 1} after {delay:.3f} s: the output is neither the previous "
                  f"one nor the complete new one; changed: {changed[:10]}")
            return 1

    # The next run recovers or removes what the killed ones left, and leaves nothing else.
    leftovers_before = sorted(p.name for p in work.iterdir() if p.name != "out")
    run(exe, config, out, formats[1], env)
    if content(out) != reference[formats[1]]:
        print("FAIL: the last run's outputs differ from the reference")
        return 1
    stray = sorted(p.name for p in work.iterdir() if p.name != "out")
    if stray:
        print(f"FAIL: stray entries after the last run: {stray}")
        return 1
    print(f"ok: {kills} kills (seed {seed}, window {window:.2f} s): {outcomes['before']} left the previous "
          f"outputs, {outcomes['new']} the complete new ones; {len(leftovers_before)} leftovers before the "
          f"last run, none after")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
