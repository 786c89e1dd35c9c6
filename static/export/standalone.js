// regionmap standalone map: draws the exported layers with Leaflet and ties them to the article.
// Every text from the data reaches the page through textContent; nothing is parsed as HTML.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('rm-data').textContent);
  var SELECTED = D.selected_colour;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  var map = L.map('rm-map', {
    center: D.home.center, zoom: D.home.zoom, minZoom: 2, maxZoom: 11,
    worldCopyJump: true, attributionControl: false
  });
  L.control.scale().addTo(map);
  D.panes.forEach(function (p) { map.createPane(p[0]).style.zIndex = p[1]; });

  L.geoJSON(D.base, {
    pane: 'rm-base', interactive: false,
    style: function (f) { return f.properties.style; }
  }).addTo(map);

  var byId = {};      // feature id -> [Leaflet layer, ...]
  var groups = {};    // map layer id -> L.FeatureGroup
  var current = null; // selected feature id

  function datesOf(p) {
    if (!p.start) return '';
    return p.end && p.end !== p.start ? p.start + ' – ' + p.end : p.start;
  }

  function popupFor(p) {
    var root = el('div', 'rm-pop');
    root.dataset.feature = p.id;
    root.appendChild(el('h3', 'rm-pop-title', p.name));
    var facts = [D.layer_labels[p.layer] || p.layer, p.kind, p.status, p.precision];
    if (datesOf(p)) facts.push(datesOf(p));
    root.appendChild(el('div', 'rm-pop-facts', facts.join(' · ')));
    if (p.description) root.appendChild(el('p', 'rm-pop-desc', p.description));
    if (p.actors && p.actors.length) {
      root.appendChild(el('div', 'rm-pop-sub', 'Actors: ' + p.actors.map(function (a) {
        return a.name + (a.role ? ' (' + a.role + ')' : '');
      }).join('; ')));
    }
    if (p.note) root.appendChild(el('p', 'rm-pop-note', '⚠ ' + p.note));
    var src = D.sources[p.source] || {title: p.source, publisher: '', licence: ''};
    root.appendChild(el('p', 'rm-pop-src', 'Geometry: ' + src.title + ' — ' + src.publisher + '; licence: ' + src.licence));
    if (!p.passages.length) {
      root.appendChild(el('p', 'rm-pop-none', 'No passage in the exported article(s) names this feature.'));
    }
    var lastArticle = null;
    p.passages.forEach(function (q) {
      if (q.article !== lastArticle) {
        var a = D.articles[q.article] || {};
        root.appendChild(el('div', 'rm-pop-art', (a.title || q.article) + ' · ' + (a.publisher || '') + ' · ' + (a.published || '')));
        lastArticle = q.article;
      }
      var bq = el('blockquote', 'rm-pop-q');
      bq.dataset.link = q.key;
      bq.appendChild(document.createTextNode(q.before));
      var m = el('mark', null, q.quote);
      m.style.setProperty('--c', D.layer_colours[p.layer]);
      bq.appendChild(m);
      bq.appendChild(document.createTextNode(q.after));
      var go = el('button', 'rm-pop-go', q.kind === 'passage' ? 'passage ↪ article' : 'mention ↪ article');
      go.type = 'button';
      go.addEventListener('click', function () { showPassage(q.key); });
      bq.appendChild(go);
      root.appendChild(bq);
    });
    return root;
  }

  function tooltipFor(p) {
    var t = el('div');
    t.appendChild(el('b', null, p.name));
    t.appendChild(el('div', 'rm-tip', p.tip));
    return t;
  }

  D.layers.forEach(function (layer) {
    var fg = L.featureGroup();
    (D.features[layer.id] || []).forEach(function (part) {
      L.geoJSON(part.data, {
        pane: part.pane,
        style: function (f) { return f.properties.style; },
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, Object.assign({}, f.properties.style, {pane: part.pane}));
        },
        onEachFeature: function (f, lyr) {
          var p = f.properties;
          (byId[p.id] = byId[p.id] || []).push(lyr);
          lyr.feature = f;
          lyr.bindTooltip(tooltipFor(p), {sticky: true});
          lyr.bindPopup(function () { return popupFor(p); }, {maxWidth: 380, maxHeight: 360, autoPanPadding: [20, 20]});
          lyr.on('click', function () { select(p.id, {fromMap: true}); });
        }
      }).addTo(fg);
    });
    fg.addTo(map);
    groups[layer.id] = fg;
  });

  // a project (CASA-1000) is drawn as its sections: its id stands for all their shapes
  var projectProps = {};
  Object.keys(D.projects || {}).forEach(function (pid) {
    var pr = D.projects[pid];
    projectProps[pid] = pr.props;
    byId[pid] = [].concat.apply([], pr.parts.map(function (id) { return byId[id] || []; }));
  });

  function propsOf(fid) {
    if (projectProps[fid]) return projectProps[fid];
    var l = (byId[fid] || [])[0]; return l ? l.feature.properties : null;
  }

  function styleAll(fid, on) {
    (byId[fid] || []).forEach(function (lyr) {
      var s = lyr.feature.properties.style;
      if (!lyr.setStyle) return;
      lyr.setStyle(on ? {color: SELECTED, weight: (s.weight || 2) + 4, opacity: 1} : s);
      if (on && lyr.bringToFront) lyr.bringToFront();
    });
  }

  function markArticle(fid) {
    document.querySelectorAll('.rm-sel').forEach(function (e) { e.classList.remove('rm-sel'); });
    if (!fid) return;
    document.querySelectorAll('mark[data-f]').forEach(function (e) { if (e.dataset.f === fid) e.classList.add('rm-sel'); });
    document.querySelectorAll('span[data-pf]').forEach(function (e) {
      if (e.dataset.pf.split(' ').indexOf(fid) >= 0) e.classList.add('rm-sel');
    });
  }

  function showPassage(key) {
    var f = CSS.escape(key);
    var hits = document.querySelectorAll('[data-p~="' + f + '"], [data-l="' + f + '"]');
    if (!hits.length) return false;
    var box = document.getElementById('rm-text');
    var r = hits[0].getBoundingClientRect(), br = box.getBoundingClientRect();
    box.scrollTop += (r.top - br.top) - box.clientHeight / 3;
    hits.forEach(function (e) { e.classList.remove('rm-flash'); void e.offsetWidth; e.classList.add('rm-flash'); });
    document.body.dataset.focus = key;
    return true;
  }

  function ensureVisible(layerId) {
    var box = document.querySelector('input[data-layer="' + CSS.escape(layerId) + '"]');
    if (box && !box.checked) { box.checked = true; groups[layerId].addTo(map); }
  }

  // from the map: the article scrolls to the feature's first passage; from the article: the map
  // zooms to the feature and opens its popup
  function select(fid, opts) {
    opts = opts || {};
    if (current) styleAll(current, false);
    current = fid;
    document.body.dataset.selected = fid || '';
    markArticle(fid);
    if (!fid) return;
    styleAll(fid, true);
    var p = propsOf(fid);
    if (opts.fromMap) {
      if (!(p && p.passages.length && showPassage(p.passages[0].key))) {
        var m = document.querySelector('mark[data-f="' + CSS.escape(fid) + '"]');
        if (m && m.dataset.l) showPassage(m.dataset.l);
      }
      return;
    }
    if (!p) return;
    ensureVisible(p.layer);
    var lyrs = byId[fid];
    var b = L.latLngBounds([]);
    lyrs.forEach(function (l) { b.extend(l.getBounds ? l.getBounds() : l.getLatLng()); });
    map.fitBounds(b, {maxZoom: 6, padding: [30, 30], animate: false});
    if (projectProps[fid]) L.popup({maxWidth: 380, maxHeight: 360}).setLatLng(b.getCenter()).setContent(popupFor(p)).openOn(map);
    else lyrs[0].openPopup();
    if (opts.link) showPassage(opts.link);
  }

  var text = document.getElementById('rm-text');
  text.addEventListener('click', function (ev) {
    var m = ev.target.closest('mark[data-f]');
    if (m) select(m.dataset.f, {link: m.dataset.l});
  });
  text.addEventListener('keydown', function (ev) {
    if ((ev.key === 'Enter' || ev.key === ' ') && ev.target.matches('mark[data-f]')) {
      ev.preventDefault();
      ev.target.click();
    }
  });

  // article headers, the view and the sources: from the data, as text
  document.querySelectorAll('[data-meta]').forEach(function (box) {
    var a = D.articles[box.dataset.meta];
    if (!a) return;
    box.appendChild(el('div', 'rm-atitle', a.title));
    var by = (a.author ? a.author + ' · ' : '') + a.publisher + ' · ' + a.published;
    var line = el('div', 'rm-byline', by);
    if (a.url) line.appendChild(el('span', 'rm-url', ' · ' + a.url));
    box.appendChild(line);
  });
  document.getElementById('rm-view').textContent = D.view;
  var srcList = document.getElementById('rm-sources');
  Object.keys(D.sources).forEach(function (k) {
    var s = D.sources[k];
    var li = el('li');
    li.appendChild(el('b', null, s.title));
    li.appendChild(document.createTextNode(' — ' + s.publisher + '. Licence: ' + s.licence + (s.url ? ' (' + s.url + ')' : '') + (s.note ? ' ' + s.note : '')));
    srcList.appendChild(li);
  });

  var toggles = document.getElementById('rm-layers');
  D.layers.forEach(function (layer) {
    var lab = el('label', 'rm-toggle');
    var box = el('input');
    box.type = 'checkbox';
    box.checked = true;
    box.dataset.layer = layer.id;
    box.addEventListener('change', function () {
      if (box.checked) groups[layer.id].addTo(map); else map.removeLayer(groups[layer.id]);
    });
    var sw = el('span', 'rm-sw');
    sw.style.borderTopColor = layer.colour;
    lab.appendChild(box);
    lab.appendChild(sw);
    lab.appendChild(document.createTextNode(layer.label + ' (' + (layer.count) + ')'));
    toggles.appendChild(lab);
  });

  var all = L.latLngBounds([]);
  Object.keys(groups).forEach(function (k) { var b = groups[k].getBounds(); if (b.isValid()) all.extend(b); });
  if (D.fit && all.isValid()) map.fitBounds(all, {maxZoom: 6, animate: false});

  window.regionmap = {map: map, select: select, byId: byId, showPassage: showPassage};
  // the benchmark and the tests wait for this: features are in the DOM and a frame has been painted
  requestAnimationFrame(function () {
    window.rmDrawn = performance.now();
    document.body.dataset.ready = '1';
  });
})();
