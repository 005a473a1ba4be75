#!/usr/bin/python3
"""The atlas in a real browser: Debian's Chromium, driven by Selenium, opens index.html, one
EPCI page and one site sheet from file:// and checks what a reader relies on.

usage: check_atlas.py FONCIER TERRITORY.toml WORKDIR

Writes the atlas of TERRITORY into WORKDIR/rapport (the run's outputs into WORKDIR/out: the
job runs first, as `foncier report` does when outputs are missing), then, on each page: no
console error, no request to anything but file://, one marker or shape per site shown, the
legend's layer switches add and remove their layers, every chart bar matches the data, every
link resolves (files and #anchors), the screenshot is not blank; on the territory page the
table filter and sort work. Exit 0 when all hold, 1 with the failures listed.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL:", message)
    return condition


def browser():
    o = Options()
    o.binary_location = os.environ.get("FONCIER_CHROMIUM", "/usr/bin/chromium")
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
              "--disable-background-networking", "--no-first-run"]:
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


def requests_made(d):
    urls = []
    for entry in d.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def not_blank(png_bytes, what):
    # Many distinct colours in a screenshot: something was drawn (a blank page has one or two).
    import io
    from PIL import Image
    img = Image.open(io.BytesIO(png_bytes)).convert("RGB")
    colours = img.getcolors(maxcolors=1 << 20) or []
    check(len(colours) > 50, f"{what}: screenshot looks blank ({len(colours)} colours)")


def check_links(d, page_path, name):
    # Leaflet's zoom buttons are <a href="#" role="button">: controls, not links.
    hrefs = d.execute_script("return Array.from(document.querySelectorAll('a[href]:not([role=button])')).map(a => a.getAttribute('href'))")
    # The map popups' links to the sheets, from the page's data.
    hrefs += d.execute_script("""
        var out = []; var d = window.FONCIER_DATA || {};
        Object.keys(d).forEach(k => (((d[k].sites || {}).features) || []).forEach(f => { if (f.properties.href) out.push(f.properties.href); }));
        return out;""")
    ids = set(d.execute_script("return Array.from(document.querySelectorAll('[id]')).map(e => e.id)"))
    base = os.path.dirname(page_path)
    for href in hrefs:
        parsed = urllib.parse.urlparse(href)
        check(parsed.scheme in ("", "file"), f"{name}: link to the network {href}")
        if parsed.scheme:
            continue
        if not parsed.path:
            check(parsed.fragment in ids, f"{name}: anchor #{parsed.fragment} not in the page")
            continue
        target = os.path.normpath(os.path.join(base, urllib.parse.unquote(parsed.path)))
        if not check(os.path.isfile(target), f"{name}: link {href} does not resolve ({target})"):
            continue
        if parsed.fragment:
            with open(target, encoding="utf-8") as f:
                check(f'id="{parsed.fragment}"' in f.read(), f"{name}: anchor {href} not in {target}")
    return len(hrefs)


def check_common(d, path, name):
    logs = [e for e in d.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    check(not logs, f"{name}: console messages {logs}")
    urls = requests_made(d)
    bad = [u for u in urls if not u.startswith("file://") and not u.startswith("data:")]
    check(not bad, f"{name}: requests outside the folder {bad}")
    check(len(urls) >= 4, f"{name}: only {len(urls)} requests seen (scripts and styles should be there)")
    n = check_links(d, path, name)
    not_blank(d.get_screenshot_as_png(), name)
    not_blank(d.find_element(By.ID, "map").screenshot_as_png, name + " map")
    return n


def check_map_and_switches(d, name, key):
    data_sites = d.execute_script(f"return FONCIER_DATA[{json.dumps(key)}].sites.features.length")
    markers = d.execute_script("return FONCIER_ATLAS.siteCount()")
    check(markers == data_sites and markers > 0, f"{name}: {markers} markers for {data_sites} sites shown")
    rows = d.execute_script("return document.querySelectorAll('table.sites tbody tr').length")
    check(rows == data_sites, f"{name}: {rows} table rows for {data_sites} sites on the map")
    # Zoomed in, the sites are shapes: still one per site.
    d.execute_script("FONCIER_ATLAS.map.setZoom(14, {animate: false})")
    shapes = d.execute_script("return FONCIER_ATLAS.siteCount()")
    check(shapes == data_sites, f"{name}: {shapes} shapes at zoom 14 for {data_sites} sites")
    d.execute_script(f"FONCIER_ATLAS.map.fitBounds(FONCIER_DATA[{json.dumps(key)}].bounds, {{animate: false}})")
    boxes = d.find_elements(By.CSS_SELECTOR, "#legend input[data-layer]")
    check(len(boxes) >= 4, f"{name}: {len(boxes)} layer switches in the legend")
    for box in boxes:
        layer = box.get_attribute("data-layer")
        before = d.execute_script("return FONCIER_ATLAS.map.hasLayer(FONCIER_ATLAS.layers[arguments[0]])", layer)
        check(before == box.is_selected(), f"{name}: layer {layer} shown={before} but its box checked={box.is_selected()}")
        d.execute_script("arguments[0].click()", box)
        after = d.execute_script("return FONCIER_ATLAS.map.hasLayer(FONCIER_ATLAS.layers[arguments[0]])", layer)
        check(after != before, f"{name}: the switch of layer {layer} does nothing")
        d.execute_script("arguments[0].click()", box)
    legend = d.find_element(By.ID, "legend").text
    for word in ("priorité", "vacance", "EPCI"):
        check(word in legend, f"{name}: the legend does not mention '{word}'")
    return data_sites


def bars(d, chart):
    return d.execute_script("""
        return Array.from(document.querySelectorAll('#' + arguments[0] + ' rect.bar')).map(r => ({
          label: r.getAttribute('data-label'), series: r.getAttribute('data-series'),
          value: parseFloat(r.getAttribute('data-value')), width: parseFloat(r.getAttribute('width')),
          height: parseFloat(r.getAttribute('height'))}))""", chart)


def check_charts(d, name, key):
    sites = d.execute_script(f"return FONCIER_DATA[{json.dumps(key)}].sites.features.map(f => f.properties)")
    parks = d.execute_script(f"return FONCIER_DATA[{json.dumps(key)}].parks.features.map(f => f.properties)")
    # First 20 of the ranking: the data's scores, in rank order, lengths proportional to them.
    top = bars(d, "chart-top")
    ranked = sorted([s for s in sites if s["rang"]], key=lambda s: s["rang"])[:20]
    check(len(top) == len(ranked) and len(top) > 0, f"{name}: top chart has {len(top)} bars for {len(ranked)} ranked sites")
    for b, s in zip(top, ranked):
        check(abs(b["value"] - s["score"]) < 0.051, f"{name}: top bar {b['label']} = {b['value']}, data {s['score']}")
        check(b["label"].startswith(f"{s['rang']}. "), f"{name}: top bar {b['label']} is not rank {s['rang']}")
    if top:
        k = top[0]["width"] / top[0]["value"]
        check(all(abs(b["width"] - k * b["value"]) < 0.05 for b in top), f"{name}: top bars not proportional")
    # Hectares by status: the segments add up to the sites' hectares (all sites are shown here).
    stacked = bars(d, "chart-statut")
    total = sum(b["value"] for b in stacked)
    check(abs(total - sum(s["ha"] for s in sites)) < 0.05 * max(1, len(sites)),
          f"{name}: status chart totals {total:.2f} ha, data {sum(s['ha'] for s in sites):.2f} ha")
    # Histogram: one count per scored site.
    hist = bars(d, "chart-scores")
    scored = [s for s in sites if s["classe"] != "exclu" and s["score"] is not None]
    check(sum(b["value"] for b in hist) == len(scored), f"{name}: histogram counts {sum(b['value'] for b in hist)}, {len(scored)} scored")
    # Vacancy by park: the parks' rates, highest first.
    vac = bars(d, "chart-vacance")
    rates = sorted([p["tx"] for p in parks if p["tx"] is not None], reverse=True)[:25]
    check([round(b["value"], 1) for b in vac] == [round(r, 1) for r in rates], f"{name}: vacancy bars {[b['value'] for b in vac][:5]}… vs data {rates[:5]}…")


def check_table(d, name):
    total = d.execute_script("return document.querySelectorAll('table.sites tbody tr').length")
    box = d.find_element(By.CSS_SELECTOR, ".filters .f-text")
    first = d.execute_script("return document.querySelector('table.sites tbody tr td:nth-child(3)').textContent")
    box.send_keys(first)
    shown = d.execute_script("return Array.from(document.querySelectorAll('table.sites tbody tr')).filter(r => !r.hidden).length")
    check(0 < shown < total or total == 1, f"{name}: filtering on '{first}' shows {shown} of {total}")
    box.clear()
    d.execute_script("arguments[0].dispatchEvent(new Event('input'))", box)
    d.execute_script("document.querySelectorAll('table.sites thead button.sort')[6].click()")  # score, ascending
    scores = d.execute_script("return Array.from(document.querySelectorAll('table.sites tbody tr td:nth-child(7)')).map(c => parseFloat(c.getAttribute('data-v')))")
    check(scores == sorted(scores), f"{name}: sorting by score does not sort")


def main():
    foncier, territory, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    out, atlas = os.path.join(work, "out"), os.path.join(work, "rapport")
    r = subprocess.run([foncier, "report", territory, "--outputs", out, "--out", atlas], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        return 1
    index = os.path.join(atlas, "index.html")
    check(r.stdout.strip() == os.path.abspath(index), f"foncier report printed {r.stdout!r}")
    epci = sorted(glob.glob(os.path.join(atlas, "epci", "*.html")))
    sheets = sorted(glob.glob(os.path.join(atlas, "sites", "*.html")))
    print(f"{len(epci)} EPCI pages, {len(sheets)} sheets")
    d = browser()
    try:
        d.get("file://" + index)
        links = check_common(d, index, "index.html")
        n = check_map_and_switches(d, "index.html", "territoire")
        check(n == len(sheets), f"index.html: {n} sites on the map, {len(sheets)} sheets")
        check_charts(d, "index.html", "territoire")
        check_table(d, "index.html")
        check("synthétique" in d.find_element(By.TAG_NAME, "body").text, "index.html: no synthetic banner")
        print(f"index.html: {n} sites, {links} links")
        page = epci[0]
        d.get("file://" + page)
        key = d.execute_script("return document.getElementById('map').getAttribute('data-key')")
        links = check_common(d, page, os.path.basename(page))
        n = check_map_and_switches(d, os.path.basename(page), key)
        check_charts(d, os.path.basename(page), key)
        check("L318-8-2" in d.find_element(By.ID, "zae").text, f"{page}: no ZAE inventory section")
        print(f"{os.path.basename(page)}: {n} sites, {links} links")
        page = sheets[0]
        d.get("file://" + page)
        links = check_common(d, page, os.path.basename(page))
        check(d.execute_script("return FONCIER_ATLAS.siteCount()") == 1, f"{page}: the site is not on its map")
        rows = d.execute_script("return document.querySelectorAll('table.criteria-site tbody tr').length")
        check(rows >= 5, f"{page}: {rows} criteria")
        print(f"{os.path.basename(page)}: {rows} criteria, {links} links")
        d.save_screenshot(os.path.join(work, "sheet.png"))
    finally:
        d.quit()
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)")
        return 1
    print("atlas OK in Chromium")
    return 0


if __name__ == "__main__":
    sys.exit(main())
