#!/usr/bin/python3
"""foncier report --pdf: headless Chromium prints every page; each site sheet fits one A4
page and atlas.pdf holds every page of the territory, EPCI and sheet PDFs (pdfinfo). Without
Chromium, a clear message, exit 1, and the HTML atlas all the same.

usage: check_pdf.py FONCIER TERRITORY.toml WORKDIR
"""
import glob
import os
import re
import shutil
import subprocess
import sys


def pages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def main():
    foncier, territory, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    out, atlas = os.path.join(work, "out"), os.path.join(work, "rapport")
    failures = []
    r = subprocess.run([foncier, "report", territory, "--outputs", out, "--out", atlas, "--sites", "top:3", "--pdf"],
                       capture_output=True, text=True)
    print(r.stderr)
    if r.returncode != 0:
        print(r.stdout)
        return 1
    sheets = sorted(glob.glob(os.path.join(atlas, "sites", "*.pdf")))
    epci = sorted(glob.glob(os.path.join(atlas, "epci", "*.pdf")))
    html_epci = glob.glob(os.path.join(atlas, "epci", "*.html"))
    if len(sheets) != 3:
        failures.append(f"{len(sheets)} sheet PDFs for --sites top:3")
    if len(epci) != len(html_epci):
        failures.append(f"{len(epci)} EPCI PDFs for {len(html_epci)} EPCI pages")
    for s in sheets:
        if pages(s) != 1:
            failures.append(f"{s}: {pages(s)} pages, a sheet must fit one A4 page")
    parts = [os.path.join(atlas, "index.pdf")] + epci + sheets
    expected = sum(pages(p) for p in parts)
    got = pages(os.path.join(atlas, "atlas.pdf"))
    print(f"atlas.pdf {got} pages; territory {pages(parts[0])}, EPCI {sum(pages(p) for p in epci)}, sheets {len(sheets)}")
    if got != expected:
        failures.append(f"atlas.pdf has {got} pages, its parts {expected}")
    if f"atlas.pdf {got} pages" not in r.stderr:
        failures.append("the command does not report atlas.pdf's page count")
    # No Chromium: the HTML is written, the message says what to install, exit 1.
    env = dict(os.environ, FONCIER_CHROMIUM="/nonexistent/chromium")
    atlas2 = os.path.join(work, "rapport-sans-pdf")
    r = subprocess.run([foncier, "report", territory, "--outputs", out, "--out", atlas2, "--sites", "top:1", "--pdf"],
                       capture_output=True, text=True, env=env)
    if r.returncode != 1 or "Chromium not found" not in r.stderr or "chromium package" not in r.stderr:
        failures.append(f"without Chromium: exit {r.returncode}, stderr {r.stderr!r}")
    if not os.path.isfile(os.path.join(atlas2, "index.html")) or glob.glob(os.path.join(atlas2, "**", "*.pdf"), recursive=True):
        failures.append("without Chromium: the HTML atlas is missing, or PDFs appeared")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
