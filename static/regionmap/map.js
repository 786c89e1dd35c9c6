/* regionmap: the map side of the dashboard, inside the streamlit-folium iframe.
 *
 * The server builds every layer once (map_base.py); this script shows and hides them, fades
 * what the open article does not mention, draws labels without overlaps, fans out stacked
 * points, draws the selection halo, fits the view, and shows the clicked feature's card head
 * at once. It learns what to show from two small messages posted by the page's map bridge
 * (ui_map.py) and reports clicks back through it, without streamlit-folium's 250 ms wait.
 * Text from the data only ever reaches the page through textContent.
 */
(function () {
  'use strict';
  var RM = (window.RM = {});
  var groups = {}; // layer -> L.LayerGroup of its GeoJSON layers
  var byId = {}; // feature id -> its Leaflet layers
  var partsOf = {}; // project id (drawn as its parts) -> the parts' layers
  function layersOf(fid) { return byId[fid] || partsOf[fid] || []; }
  var points = []; // every point layer, for declustering
  var map = null;
  var cfg = { layers: [] };
  var state = { sel: null, ctx: null };
  var applied = { fitKey: null, ctxFit: null, focusKey: null, dates: null };
  var pending = null; // a click not yet confirmed by the server: {id, t}
  var halo, haloFor, hlLayer, hlFor, panel, labelLayer, leaders, labelMarkers = {};
  var FADE = 0.22;

  // Point symbols as SVG paths, so they style, fade and take clicks like every other shape.
  var Shape = L.CircleMarker.extend({
    _updatePath: function () {
      var s = this.options.shape || 'circle';
      if (s === 'circle' || !this._renderer || !this._renderer._setPath) {
        return L.CircleMarker.prototype._updatePath.call(this);
      }
      var p = this._point, r = this._radius, a, b, d;
      if (s === 'square') {
        a = r * 0.9;
        d = 'M' + (p.x - a) + ',' + (p.y - a) + 'h' + 2 * a + 'v' + 2 * a + 'h' + -2 * a + 'z';
      } else if (s === 'diamond') {
        a = r * 1.25;
        d = 'M' + p.x + ',' + (p.y - a) + 'L' + (p.x + a) + ',' + p.y + 'L' + p.x + ',' + (p.y + a) + 'L' + (p.x - a) + ',' + p.y + 'z';
      } else if (s === 'triangle') {
        a = r * 1.25;
        d = 'M' + p.x + ',' + (p.y - a) + 'L' + (p.x + a) + ',' + (p.y + a * 0.8) + 'L' + (p.x - a) + ',' + (p.y + a * 0.8) + 'z';
      } else { // cross
        a = r; b = r * 0.38;
        d = 'M' + (p.x - b) + ',' + (p.y - a) + 'h' + 2 * b + 'v' + (a - b) + 'h' + (a - b) + 'v' + 2 * b + 'h' + (b - a) +
          'v' + (a - b) + 'h' + -2 * b + 'v' + (b - a) + 'h' + (b - a) + 'v' + -2 * b + 'h' + (a - b) + 'z';
      }
      this._renderer._setPath(this, d);
    }
  });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function post(msg) {
    try { window.parent.postMessage(msg, location.origin === 'null' ? '*' : location.origin); } catch (e) { /* no parent */ }
  }

  function onEach(feature, layer) {
    var p = feature.properties;
    (byId[p.id] = byId[p.id] || []).push(layer);
    if (p.po) (partsOf[p.po] = partsOf[p.po] || []).push(layer);
    layer._rmBase = p.style || {};
    var tip = el('div');
    tip.appendChild(el('b', null, p.sp || p.name));
    tip.appendChild(el('div', 'rm-tip', p.tip));
    layer._rmTip = tip;
    layer.bindTooltip(tip, { sticky: true });
    if (layer.setStyle) {
      layer.on('mouseover', function () { layer.setStyle({ weight: (layer._rmBase.weight || 2) + 2 }); });
      layer.on('mouseout', function () { layer.setStyle({ weight: layer._rmBase.weight || 2 }); });
    }
    layer.on('click', function (e) { onClick(p.id, e); });
  }

  RM.geoJson = function (pane, interactive, attribution) {
    return L.geoJson(null, {
      pane: pane,
      interactive: interactive,
      attribution: attribution || undefined,
      style: function (f) { return f.properties.style || {}; },
      pointToLayer: function (f, latlng) {
        var o = L.extend({}, f.properties.style || {}, { pane: pane, interactive: interactive });
        var m = new Shape(latlng, o);
        m._rmTrue = latlng;
        points.push(m);
        return m;
      },
      onEachFeature: interactive ? onEach : undefined
    });
  };

  // a layer's GeoJSON, from its JSON data block in the page (map_base.FrozenGeoJson)
  RM.data = function (id) {
    var node = document.getElementById(id);
    if (!node) return null;
    var data = JSON.parse(node.textContent);
    node.parentNode.removeChild(node); // parsed once: do not keep the text twice
    return data;
  };

  var bases = [];
  RM.addBase = function (geo) { bases.push(geo); };

  RM.addLayer = function (name, geo) {
    (groups[name] = groups[name] || L.layerGroup()).addLayer(geo);
    geo.eachLayer(function (l) { l._rmGeo = geo; });
  };

  // ---------------------------------------------------------------- selection, halo, panel

  function onClick(fid, e) {
    pending = { id: fid, t: Date.now() };
    drawHalo([fid]);
    showPanel(fid);
    post({ rm: 'click', click: { id: fid, lat: e.latlng.lat, lng: e.latlng.lng, n: Date.now() } });
  }

  function selected() {
    var s = state.sel && state.sel.selected;
    if (pending) {
      if (s === pending.id || Date.now() - pending.t > 4000) pending = null;
      else return pending.id;
    }
    return s || null;
  }

  // The features to ring: the click not yet confirmed, else an event's places, else the selection.
  function haloIds() {
    var s = state.sel || {}, fid = selected();
    if (pending && fid === pending.id) return [fid];
    if (s.halo) return s.halo;
    return fid ? [fid] : [];
  }

  var HALO = { color: '#ffd400', weight: 7, opacity: 0.9, fill: false, className: 'rm-selected', interactive: false, pane: 'rm-top' };
  // the chosen actor's places: a second ring, violet and dashed, under the selection's
  var HL = { color: '#7a3e9d', weight: 4, opacity: 0.95, dashArray: '7 5', fill: false, className: 'rm-actor', interactive: false, pane: 'rm-top' };

  function ring(group, ids, st, radius) {
    group.clearLayers();
    ids.forEach(function (fid) {
      layersOf(fid).forEach(function (l) {
        if (l._rmHidden) return;
        // the ring's feature says what it is (bench/benchmark.py and the tests look for it)
        var f = { type: 'Feature', properties: { id: fid, style: st }, geometry: l.feature.geometry };
        if (l.getLatLng) {
          var c = L.circleMarker(l.getLatLng(), L.extend({ radius: radius }, st));
          c.feature = f;
          group.addLayer(c);
        } else {
          group.addLayer(L.geoJson(f, { style: function () { return st; }, interactive: false, pane: 'rm-top' }));
        }
      });
    });
  }

  function drawHalo(ids) {
    var k = ids.join(' ');
    if (haloFor === k) return;
    haloFor = k;
    ring(halo, ids, HALO, 13);
  }

  function drawHl(ids) {
    var k = ids.join(' ');
    if (hlFor === k) return;
    hlFor = k;
    ring(hlLayer, ids, HL, 10);
  }

  function props(fid) {
    var ls = byId[fid];
    return ls && ls.length ? ls[0].feature.properties : null;
  }

  function showPanel(fid) {
    var p = fid && props(fid);
    if (!p) { panel.style.display = 'none'; panel.dataset.feature = ''; return; }
    var ctx = state.ctx || {}, mine = ctx.f && ctx.f[fid];
    panel.textContent = '';
    panel.dataset.feature = fid;
    var x = el('button', 'rm-x', '×');
    x.title = 'Close';
    x.onclick = function (ev) { ev.stopPropagation(); panel.style.display = 'none'; };
    panel.appendChild(x);
    var shown = mine ? mine[0] : p.sp || p.name;
    panel.appendChild(el('div', 'rm-pn', shown));
    if (shown !== p.name) panel.appendChild(el('div', 'rm-pw', 'also written ' + p.name));
    var dated = p.dates ? [p.dates] : (state.sel && state.sel.dates ? ['undated'] : []);
    var facts = [p.kind, p.status, p.precision].concat(dated).join(' · ');
    panel.appendChild(el('div', 'rm-pk', facts));
    if (p.tip.indexOf('approximate point') >= 0) panel.appendChild(el('div', 'rm-pw', 'drawn as an approximate point'));
    var q = (ctx.q && ctx.q[fid]) || p.q;
    if (q) {
      var bq = el('blockquote', 'rm-pq', q);
      bq.dir = 'auto';  // a Persian passage reads right to left
      panel.appendChild(bq);
      var src = ctx.q && ctx.q[fid] ? ctx.title : p.qa;
      panel.appendChild(el('div', 'rm-pa', (src ? 'in ' + src + ' · ' : '') + 'all passages in the card below'));
    } else {
      panel.appendChild(el('div', 'rm-pa', 'No article passage links to this feature; it is shown as context.'));
    }
    panel.style.display = 'block';
  }

  // ---------------------------------------------------------------- layers and focus

  function applyLayers() {
    var want = {};
    ((state.sel && state.sel.layers) || cfg.layers).forEach(function (n) { want[n] = true; });
    Object.keys(groups).forEach(function (n) {
      var g = groups[n];
      if (want[n] && !map.hasLayer(g)) map.addLayer(g);
      else if (!want[n] && map.hasLayer(g)) map.removeLayer(g);
    });
  }

  function applyFocus() {
    var ctx = state.ctx || {}, f = ctx.f || null;
    var gone = {}, hideList = (state.sel && state.sel.hide) || [];
    hideList.forEach(function (fid) { gone[fid] = true; });
    var key = (ctx.article || '') + '|' + (ctx.only ? 1 : 0) + '|' + (f ? Object.keys(f).length : -1) + '|' + hideList.join(' ');
    if (key === applied.focusKey) return false;
    applied.focusKey = key;
    Object.keys(byId).forEach(function (fid) {
      var on = !f || Object.prototype.hasOwnProperty.call(f, fid);
      byId[fid].forEach(function (l) {
        var p = l.feature.properties;
        // outside the date filter (a project's parts go with it), or not the article's when it is shown alone
        var hide = !!(gone[fid] || (p.po && gone[p.po])) || (!on && !!ctx.only && p.layer !== 'countries');
        if (hide !== !!l._rmHidden) {
          l._rmHidden = hide;
          if (hide) l._rmGeo.removeLayer(l); else l._rmGeo.addLayer(l);
        }
        if (!hide && l.setStyle && l._rmFaded !== !on) {
          l._rmFaded = !on;
          var b = l._rmBase;
          l.setStyle(on ? b : {
            opacity: (b.opacity == null ? 1 : b.opacity) * FADE,
            fillOpacity: (b.fillOpacity == null ? 0.2 : b.fillOpacity) * FADE
          });
        }
      });
    });
    return true;
  }

  function fit(b, maxZoom) {
    if (!b) return;
    map.fitBounds(b, { padding: [40, 40], maxZoom: maxZoom, animate: false });
  }

  function applyFit() {
    var s = state.sel || {}, c = state.ctx || {};
    var selNew = s.fitKey && s.fitKey !== applied.fitKey;
    var ctxNew = c.fitKey && c.fitKey !== applied.ctxFit;
    if (selNew) {
      applied.fitKey = s.fitKey;
      applied.ctxFit = c.fitKey; // a selection's view wins over the article's
      fit(s.fit, 7);
    } else if (ctxNew) {
      applied.ctxFit = c.fitKey;
      fit(c.fit, 6);
    }
  }

  // While a date filter is set, the tooltip of a feature without dates says it is kept as undated.
  function applyDates() {
    var d = (state.sel && state.sel.dates) || '';
    if (d === applied.dates) return;
    applied.dates = d;
    Object.keys(byId).forEach(function (fid) {
      byId[fid].forEach(function (l) {
        var tip = l._rmTip;
        if (!tip || l.feature.properties.dates) return;
        var note = tip.querySelector('.rm-undated');
        if (d && !note) tip.appendChild(el('div', 'rm-tip rm-undated', 'undated: shown whatever the dates'));
        else if (!d && note) tip.removeChild(note);
      });
    });
  }

  function apply() {
    if (!map) return;
    var t0 = performance.now();
    applyLayers();
    var changed = applyFocus();
    applyDates();
    applyFit();
    var fid = selected();
    haloFor = changed ? undefined : haloFor;
    hlFor = changed ? undefined : hlFor;
    drawHalo(haloIds());
    drawHl((state.sel && state.sel.hl) || []);
    if (fid && panel.dataset.feature !== fid) showPanel(fid);
    if (!fid) showPanel(null);
    else if (changed || !pending) showPanel(fid); // the article's spelling may have arrived
    later();
    RM.timing.apply = performance.now() - t0;
  }

  // Fanning out and labelling need a layout: do them once, after the frame that shows the map.
  var queued = false;
  function later() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () {
      queued = false;
      var t0 = performance.now();
      decluster();
      labels();
      RM.timing.labels = performance.now() - t0;
    });
  }

  // ---------------------------------------------------------------- stacked points

  // Points closer than a few pixels are fanned out on a ring round their true spot, each joined
  // to it by a thin leader line: every one stays visible and clickable; the true spot is kept.
  function decluster() {
    if (!map) return;
    leaders.clearLayers();
    var vis = points.filter(function (m) { return m._map && !m._rmHidden; });
    var px = vis.map(function (m) { return map.latLngToLayerPoint(m._rmTrue); });
    var done = new Array(vis.length), i, j;
    for (i = 0; i < vis.length; i++) {
      if (done[i]) continue;
      var grp = [i];
      done[i] = true;
      for (j = i + 1; j < vis.length; j++) {
        if (!done[j] && grp.some(function (k) { return px[k].distanceTo(px[j]) < 11; })) { grp.push(j); done[j] = true; }
      }
      if (grp.length === 1) {
        if (vis[i].getLatLng() !== vis[i]._rmTrue) vis[i].setLatLng(vis[i]._rmTrue);
        continue;
      }
      var cx = 0, cy = 0;
      grp.forEach(function (k) { cx += px[k].x; cy += px[k].y; });
      cx /= grp.length; cy /= grp.length;
      var radius = Math.max(16, (grp.length * 17) / (2 * Math.PI));
      grp.forEach(function (k, n) {
        var a = (2 * Math.PI * n) / grp.length - Math.PI / 2;
        var at = map.layerPointToLatLng(L.point(cx + radius * Math.cos(a), cy + radius * Math.sin(a)));
        vis[k].setLatLng(at);
        leaders.addLayer(L.polyline([vis[k]._rmTrue, at], { color: '#555', weight: 1, opacity: 0.7, interactive: false, pane: 'rm-lines' }));
      });
      leaders.addLayer(L.circleMarker(map.layerPointToLatLng(L.point(cx, cy)), { radius: 2.5, color: '#333', fillOpacity: 1, interactive: false, pane: 'rm-points' }));
    }
    haloFor = hlFor = undefined;
    drawHalo(haloIds());
    drawHl((state.sel && state.sel.hl) || []);
  }

  // ---------------------------------------------------------------- labels

  function labelMarker(key, text, cls) {
    var m = labelMarkers[key];
    if (!m) {
      var span = el('span', 'rm-lbl ' + cls, text);
      var icon = L.divIcon({ html: span, className: 'rm-lbl-wrap', iconSize: [0, 0] });
      m = labelMarkers[key] = L.marker([0, 0], { icon: icon, pane: 'rm-labels', interactive: false, keyboard: false });
    }
    return m;
  }

  function overlap(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  // Countries first (largest first), then the open article's features by mention count; a
  // label that would touch one already placed is left out at this zoom.
  function labels() {
    if (!map) return;
    var ctx = state.ctx || {}, f = ctx.f || {}, cands = [];
    var shown = (state.sel && state.sel.layers) || cfg.layers, vis = {};
    shown.forEach(function (n) { vis[n] = true; });
    Object.keys(byId).forEach(function (fid) {
      var l = byId[fid][0], p = l.feature.properties;
      if (!vis[p.layer] || l._rmHidden) return;
      var mine = f[fid];
      if (p.layer === 'countries') {
        var b = l.getBounds ? l.getBounds() : null;
        var size = b ? (b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth()) : 0;
        cands.push({ key: fid, text: mine ? mine[0] : p.name, at: p.lp, cls: 'rm-lbl-country', prio: 1e9 + size });
      } else if (mine && mine[2]) { // named in the article: a route only described in a passage gets no label
        var pt = l.getLatLng ? l.getLatLng() : p.lp;
        cands.push({ key: fid, text: mine[0], at: pt, cls: l.getLatLng ? 'rm-lbl-f rm-lbl-pt' : 'rm-lbl-f', prio: mine[1] });
      }
    });
    cands.sort(function (a, b) { return b.prio - a.prio; });
    var size = map.getSize(), inView = [];
    cands.forEach(function (c) {
      var p = map.latLngToContainerPoint(c.at);
      var m = labelMarker(c.key, c.text, c.cls);
      if (p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y) { labelLayer.removeLayer(m); return; }
      m.setLatLng(c.at);
      labelLayer.addLayer(m);
      var span = m.getElement().firstChild;
      if (span.textContent !== c.text) span.textContent = c.text;
      span.className = 'rm-lbl ' + c.cls;
      inView.push(m);
    });
    Object.keys(labelMarkers).forEach(function (k) {
      if (inView.indexOf(labelMarkers[k]) < 0) labelLayer.removeLayer(labelMarkers[k]);
    });
    // one layout: show every candidate, measure all, then hide the losers
    inView.forEach(function (m) { m.getElement().style.visibility = 'hidden'; m.getElement().style.display = ''; });
    var boxes = inView.map(function (m) { return m.getElement().firstChild.getBoundingClientRect(); });
    var mapBox = map.getContainer().getBoundingClientRect();
    // the controls (zoom, scale, attribution, the card head) are taken space too
    var placed = [].slice.call(map.getContainer().querySelectorAll('.leaflet-control')).filter(function (c) {
      return c.offsetParent !== null;
    }).map(function (c) { return c.getBoundingClientRect(); });
    inView.forEach(function (m, i) {
      var b = boxes[i];
      var ok = b.left >= mapBox.left && b.right <= mapBox.right && b.top >= mapBox.top && b.bottom <= mapBox.bottom &&
        !placed.some(function (q) { return overlap(q, b); });
      var e = m.getElement();
      if (ok) { placed.push(b); e.style.visibility = ''; e.classList.add('rm-lbl-on'); } else { e.style.display = 'none'; e.classList.remove('rm-lbl-on'); }
    });
  }

  // ---------------------------------------------------------------- start

  RM.timing = {};
  RM.init = function (m, c) {
    var t0 = performance.now();
    RM.timing.layersReady = t0; // every layer parsed and built (ms since the frame started)
    map = m;
    cfg = c || cfg;
    // fill the frame now (streamlit-folium gave the div a fixed height, map.css may not be loaded
    // yet) and follow its size: the page sizes the frame from the window's height
    var box = map.getContainer();
    box.style.setProperty('height', '100vh', 'important');
    box.style.setProperty('width', '100%', 'important');
    map.invalidateSize({ pan: false });
    if (window.ResizeObserver) new ResizeObserver(function () { map.invalidateSize({ pan: false }); }).observe(box);
    hlLayer = L.layerGroup().addTo(map);
    halo = L.layerGroup().addTo(map);
    leaders = L.layerGroup().addTo(map);
    labelLayer = L.layerGroup().addTo(map);
    var Panel = L.Control.extend({
      options: { position: 'topright' },
      onAdd: function () {
        panel = el('div');
        panel.id = 'rm-panel';
        panel.style.display = 'none';
        L.DomEvent.disableClickPropagation(panel);
        L.DomEvent.disableScrollPropagation(panel);
        return panel;
      }
    });
    new Panel().addTo(map);
    map.on('zoomend moveend resize', later);
    // Draw once: wait (briefly) for the first messages, set their view, then add the shapes;
    // a view change after drawing would project every coordinate again.
    var drawn = false;
    function draw() {
      if (drawn) return;
      drawn = true;
      RM.timing.drawn = performance.now();
      RM.timing.byMessage = !!(state.sel && state.ctx);
      applyFit();
      bases.forEach(function (g) { g.addTo(map); });
      applyLayers();
      apply();
    }
    window.addEventListener('message', function (ev) {
      var d = ev.data;
      if (ev.source !== window.parent || !d || d.rm !== 'apply' || !d.msgs) return;
      if (d.msgs.sel) state.sel = d.msgs.sel;
      if (d.msgs.ctx) state.ctx = d.msgs.ctx;
      if (drawn) apply(); else if (state.sel && state.ctx) draw();
    });
    setTimeout(draw, 500); // no bridge (or not yet): draw the default view
    post({ rm: 'ready' });
    RM.timing.init = performance.now() - t0;
  };
})();
