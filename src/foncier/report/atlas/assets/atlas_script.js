/* foncier atlas: maps (Leaflet, canvas renderer), sortable and filterable tables.
   Works from file://: the data come from <script> files (window.FONCIER_DATA), never fetched.
   window.FONCIER_ATLAS exposes the map and its layers to the browser tests. */
(function () {
  'use strict';
  var DATA = window.FONCIER_DATA || {};
  var atlas = window.FONCIER_ATLAS = { map: null, layers: {}, siteCount: function () { return 0; } };
  var POINT_ZOOM = 13; // below this zoom, sites are drawn as points

  // French numbers as the C++ writes them: U+202F between thousands, comma for decimals.
  function fr(v, d) {
    if (v === null || v === undefined || isNaN(v)) return '–';
    var s = Math.abs(v).toFixed(d || 0).split('.');
    var whole = s[0].replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
    var zero = Number(Math.abs(v).toFixed(d || 0)) === 0;
    return (v < 0 && !zero ? '\u2212' : '') + whole + (s[1] ? ',' + s[1] : '');
  }
  function ha(v) { return fr(v, Math.abs(v) < 10 && v !== 0 ? 2 : 1) + '\u00a0ha'; }
  function dist(m) { return m < 1000 ? fr(m, 0) + '\u00a0m' : fr(m / 1000, m < 10000 ? 1 : 0) + '\u00a0km'; }
  function esc(s) {
    return String(s === null || s === undefined ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function sitePopup(p) {
    var h = '<div class="popup"><h3>' + esc(p.nom || p.id) + '</h3><p>' + esc(p.commune) + ' · ' + esc(p.statut) + '</p>';
    if (p.score !== null) {
      h += '<p><span class="badge" style="background:' + esc(p.c) + '">' + esc(p.classe) + '</span> score ' + fr(p.score, 1) +
        (p.rang ? ' · rang ' + p.rang : '') + '</p>';
    }
    h += '<p>' + ha(p.ha) + (p.est ? ' (emprise estimée)' : '') + '</p>';
    if (p.href) h += '<p><a href="' + esc(p.href) + '">Ouvrir la fiche du site →</a></p>';
    return h + '</div>';
  }

  function zoneStyle(colour) {
    return { color: colour, weight: 1, fillColor: colour, fillOpacity: 0.28, opacity: 0.8 };
  }
  function pointLayer(colour, radius) {
    return function (f, latlng) {
      return L.circleMarker(latlng, { radius: radius || 5, color: '#fff', weight: 1.2, fillColor: colour, fillOpacity: 1 });
    };
  }

  function territoryMap(node, d) {
    var root = node.getAttribute('data-root') || '';
    var renderer = L.canvas({ padding: 0.3 });
    var map = L.map(node, { preferCanvas: true, renderer: renderer, zoomSnap: 0.25, wheelPxPerZoomLevel: 90 });
    atlas.map = map;
    map.fitBounds(d.bounds, { padding: [10, 10] });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution('Fond : communes et EPCI du territoire · <a href="' + esc(root) + 'index.html#sources">sources</a>');
    L.control.scale({ imperial: false, maxWidth: 160 }).addTo(map);
    var L_ = atlas.layers;
    L_.communes = L.geoJSON(d.communes, {
      renderer: renderer,
      style: function (f) { return { fillColor: f.properties.c, fillOpacity: 0.8, color: '#ffffff', weight: 0.7 }; },
      onEachFeature: function (f, layer) {
        layer.bindTooltip(esc(f.properties.nom) + ' : ' + (f.properties.ha > 0 ? ha(f.properties.ha) + ' de friches (' + f.properties.n + ')' : 'aucune friche'), { sticky: true });
      }
    });
    L_.epci = L.geoJSON(d.epci, {
      renderer: renderer, interactive: false,
      style: function () { return { color: '#1f3a5f', weight: 2.4, fill: false }; }
    });
    L_.parks = L.geoJSON(d.parks, {
      renderer: renderer,
      style: function (f) { return { fillColor: f.properties.c, fillOpacity: 0.9, color: '#3f007d', weight: 1 }; },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup('<div class="popup"><h3>' + esc(p.nom) + '</h3><p>Vacance : ' + (p.tx === null ? '–' : fr(p.tx, 1) + '\u202f%') +
          '</p><p>Disponible : ' + ha(p.dispo) + '</p></div>');
      }
    });
    (d.context || []).forEach(function (c) {
      L_['ctx-' + c.name] = L.geoJSON(c.data, {
        renderer: renderer,
        style: function () { return zoneStyle(c.colour); },
        pointToLayer: pointLayer(c.colour, 6),
        onEachFeature: function (f, layer) { layer.bindTooltip(esc(c.label) + (f.properties.nom ? ' : ' + esc(f.properties.nom) : '') + (c.synthetic ? ' (synthétique)' : '')); }
      });
    });
    var polys = L.geoJSON(d.sites, {
      renderer: renderer,
      style: function (f) {
        var p = f.properties;
        return { fillColor: p.c, fillOpacity: 0.85, color: '#222', weight: 1.4, dashArray: p.est ? '4 3' : null };
      },
      onEachFeature: function (f, layer) { layer.bindPopup(sitePopup(f.properties)); }
    });
    var points = L.layerGroup(d.sites.features.filter(function (f) { return f.properties.pt; }).map(function (f) {
      var p = f.properties;
      var m = L.circleMarker([p.pt[1], p.pt[0]], { renderer: renderer, radius: 6.5, color: '#222', weight: 1, fillColor: p.c, fillOpacity: 1 });
      m.feature = f;
      return m.bindPopup(sitePopup(p));
    }));
    L_.sites = L.layerGroup();
    function sitesAtZoom() {
      var wantPolys = map.getZoom() >= POINT_ZOOM;
      L_.sites.clearLayers();
      L_.sites.addLayer(wantPolys ? polys : points);
    }
    map.on('zoomend', sitesAtZoom);
    atlas.siteCount = function () {
      if (!map.hasLayer(L_.sites)) return 0;
      var n = 0;
      L_.sites.eachLayer(function (g) { n += g.getLayers().length; });
      return n;
    };
    ['communes', 'epci', 'parks', 'sites'].forEach(function (k) { if (L_[k]) L_[k].addTo(map); });
    sitesAtZoom();
    bindSwitches(map);
  }

  function bindSwitches(map) {
    var boxes = document.querySelectorAll('#legend input[data-layer]');
    Array.prototype.forEach.call(boxes, function (box) {
      var layer = atlas.layers[box.getAttribute('data-layer')];
      if (!layer) { box.disabled = true; return; }
      function apply() {
        if (box.checked && !map.hasLayer(layer)) layer.addTo(map);
        if (!box.checked && map.hasLayer(layer)) map.removeLayer(layer);
        // Sites and parks stay above the zones.
        ['parks', 'sites'].forEach(function (k) { var l = atlas.layers[k]; if (l && map.hasLayer(l) && l.bringToFront) l.bringToFront(); });
      }
      box.addEventListener('change', apply);
      apply();
    });
  }

  function siteMap(node, d) {
    var renderer = L.canvas({ padding: 0.3 });
    var map = L.map(node, { preferCanvas: true, renderer: renderer, zoomSnap: 0.25 });
    atlas.map = map;
    map.fitBounds(d.bounds); // a view first: permanent tooltips need one when they open
    map.attributionControl.setPrefix(false);
    L.control.scale({ imperial: false, maxWidth: 140 }).addTo(map);
    var L_ = atlas.layers;
    L_.communes = L.geoJSON(d.communes, { renderer: renderer, interactive: false,
      style: function () { return { color: '#8795a6', weight: 1, fillColor: '#f4f1ec', fillOpacity: 1 }; } }).addTo(map);
    var legend = [];
    (d.context || []).forEach(function (c) {
      if (!c.data.features.length) return;
      L_['ctx-' + c.name] = L.geoJSON(c.data, { renderer: renderer, style: function () { return zoneStyle(c.colour); },
        pointToLayer: pointLayer(c.colour, 5) }).addTo(map);
      legend.push('<span class="sw' + (c.kind === 'constraint' ? '' : ' dot') + '" style="background:' + esc(c.colour) + '"></span>' +
        esc(c.label) + (c.synthetic ? ' (synth.)' : ''));
    });
    if (d.park) {
      L_.park = L.geoJSON(d.park, { renderer: renderer, style: function () { return { color: '#3f007d', weight: 2, fill: false, dashArray: '6 3' }; } })
        .bindTooltip('Parc : ' + esc(d.park.properties.nom)).addTo(map);
      legend.push('<span class="sw" style="border:2px dashed #3f007d;background:transparent"></span>parc d\'activités');
    }
    var p = d.site.properties;
    L_.site = L.geoJSON(d.site, { renderer: renderer,
      style: function () { return { color: '#111', weight: 2.2, fillColor: p.c, fillOpacity: 0.75, dashArray: p.est ? '5 4' : null }; } }).addTo(map);
    L_.site.bindTooltip(p.est ? 'emprise estimée' : 'emprise du site', { permanent: true, direction: 'bottom', className: 'site-tip' });
    legend.push('<span class="sw' + (p.est ? ' est' : '') + '" style="background:' + esc(p.c) + '"></span>' + (p.est ? 'emprise estimée' : 'emprise du site'));
    var from = p.pt ? [p.pt[1], p.pt[0]] : null;
    (d.near || []).forEach(function (n, i) {
      var colour = n.kind === 'stations' ? '#0868ac' : '#d7301f';
      var to = [n.pt[1], n.pt[0]];
      if (from) L.polyline([from, to], { renderer: renderer, color: colour, weight: 1.5, dashArray: '2 4' }).addTo(map);
      L.circleMarker(to, { renderer: renderer, radius: 6, color: '#fff', weight: 1.5, fillColor: colour, fillOpacity: 1 })
        .bindTooltip(esc(n.nom.replace(/ \(.*\)$/, '')) + ' · ' + dist(n.m), { permanent: true, direction: i % 2 ? 'left' : 'right' })
        .addTo(map);
    });
    var ctl = L.control({ position: 'bottomright' });
    ctl.onAdd = function () { var div = L.DomUtil.create('div', 'map-legend'); div.innerHTML = legend.join('<br>'); return div; };
    ctl.addTo(map);
    atlas.siteCount = function () { return map.hasLayer(L_.site) ? L_.site.getLayers().length : 0; };
  }

  function initMap() {
    var node = document.getElementById('map');
    if (!node || !window.L) return;
    var key = node.getAttribute('data-key');
    var d = DATA[key];
    if (!d) { node.textContent = 'Données de la carte introuvables (' + key + ').'; return; }
    if (key === 'site') siteMap(node, d); else territoryMap(node, d);
  }

  // Tables: a click on a header button sorts by that column (numbers by data-v).
  function initSort(table) {
    var heads = table.querySelectorAll('thead th');
    Array.prototype.forEach.call(heads, function (th, col) {
      var button = th.querySelector('button.sort');
      if (!button) return;
      button.addEventListener('click', function () {
        var numeric = th.getAttribute('data-type') === 'num';
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function key(r) {
          var c = r.cells[col];
          var v = c.getAttribute('data-v');
          if (numeric) return v === null ? NaN : parseFloat(v);
          return (v !== null ? v : c.textContent).trim().toLowerCase();
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var r = numeric ? x - y : x.localeCompare(y, 'fr');
          return asc ? r : -r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  function initFilters() {
    var box = document.querySelector('.filters');
    var table = document.querySelector('table.sites');
    if (!box || !table) return;
    var text = box.querySelector('.f-text'), cls = box.querySelector('.f-classe'), st = box.querySelector('.f-statut');
    var count = box.querySelector('.f-count');
    function norm(s) { return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, ''); }
    function apply() {
      var q = norm(text.value.trim()), n = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        var ok = (!q || norm(r.textContent).indexOf(q) >= 0) &&
          (!cls.value || r.getAttribute('data-classe') === cls.value) &&
          (!st.value || r.getAttribute('data-statut') === st.value);
        r.hidden = !ok;
        if (ok) n++;
      });
      count.textContent = fr(n, 0) + '\u00a0site' + (n > 1 ? 's' : '');
    }
    [text, cls, st].forEach(function (e) { e.addEventListener('input', apply); e.addEventListener('change', apply); });
  }

  initMap();
  // Printing lays the page out again at the paper's width: the map must measure itself anew.
  function refit() {
    if (!atlas.map) return;
    atlas.map.invalidateSize(false);
    var node = document.getElementById('map');
    var d = DATA[node.getAttribute('data-key')];
    if (d) atlas.map.fitBounds(d.bounds, { animate: false });
  }
  window.addEventListener('beforeprint', refit);
  if (window.matchMedia) {
    var mq = window.matchMedia('print');
    if (mq.addEventListener) mq.addEventListener('change', function (e) { if (e.matches) refit(); });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), initSort);
  initFilters();
})();
