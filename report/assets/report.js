// borderflow report.html: the map, the date slider and the charts.
// Inlined by WriteHTML after Leaflet; reads the data from #report-data.
(function () {
  'use strict';

  var D = JSON.parse(document.getElementById('report-data').textContent);
  var days = D.dates.length;
  var SVGNS = 'http://www.w3.org/2000/svg';
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July',
    'August', 'September', 'October', 'November', 'December'];
  var WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  var COLOURS = { ok: '#2e8540', warn: '#e0a100', full: '#c62828', unknown: '#9aa3ad' };
  // Posts: a sequential purple scale by the day's passed people.
  var POST_SCALE = ['#dadaeb', '#bcbddc', '#9e9ac8', '#807dba', '#6a51a3', '#4a1486'];

  var nf = new Intl.NumberFormat('en-GB');
  function fmt(n) { return nf.format(n); }
  function parts(iso) { var p = iso.split('-'); return { y: +p[0], m: +p[1], d: +p[2] }; }
  function longDate(iso) {
    var p = parts(iso);
    var wd = new Date(Date.UTC(p.y, p.m - 1, p.d)).getUTCDay();
    return WEEKDAYS[wd] + ' ' + p.d + ' ' + MONTHS[p.m - 1] + ' ' + p.y;
  }
  function shortDate(iso) { var p = parts(iso); return p.d + ' ' + MONTHS[p.m - 1].slice(0, 3) + ' ' + p.y; }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]); }
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]); }
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // tip is a tooltip's content: a text node, so that names from the
  // user's network files reach the page as text, never as markup.
  function tip(text) { return document.createTextNode(text); }
  // asHTML escapes text for the APIs that take HTML (Leaflet's attribution).
  function asHTML(text) { var s = document.createElement('span'); s.textContent = text; return s.innerHTML; }
  function sum(a) { var s = 0; for (var i = 0; i < a.length; i++) s += a[i]; return s; }
  function maxOf(a) { var m = 0; for (var i = 0; i < a.length; i++) if (a[i] > m) m = a[i]; return m; }
  function argmax(a) { var m = -1, j = 0; for (var i = 0; i < a.length; i++) if (a[i] > m) { m = a[i]; j = i; } return j; }

  // Styles of the markers for one day.
  function postRadius(v) { return v > 0 ? 4 + 16 * Math.sqrt(v / Math.max(1, D.maxPassed)) : 3.5; }
  function postColour(v) {
    if (v <= 0) return '#ffffff';
    var f = Math.sqrt(v / Math.max(1, D.maxPassed));
    return POST_SCALE[Math.min(POST_SCALE.length - 1, Math.floor(f * POST_SCALE.length))];
  }
  function centreRadius(v) { return 3.5 + 13 * Math.sqrt(v / Math.max(1, D.maxOccupancy)); }
  function centreStatus(occ, cap) {
    if (!(cap > 0)) return 'unknown';
    var r = occ / cap;
    return r < 0.8 ? 'ok' : r < 1 ? 'warn' : 'full';
  }

  // The map: no tiles (the page works offline), country outlines instead.
  var map = L.map('map', { zoomSnap: 0.25, minZoom: 4, maxZoom: 12, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(asHTML(D.attribution + ' · Leaflet'));
  L.geoJSON(D.outlines, {
    interactive: false,
    style: { color: '#9b968a', weight: 1.2, fillColor: '#f6f3ec', fillOpacity: 1 }
  }).addTo(map);
  map.fitBounds(D.bounds, { padding: [12, 12] });

  (D.labels || []).forEach(function (l) {
    L.marker(l.ll, {
      interactive: false, keyboard: false,
      icon: L.divIcon({ className: 'country-label', html: '', iconSize: null })
    }).addTo(map).getElement().appendChild(el('span', {}, l.name));
  });

  // Roads: width by the people who set out along them over the period.
  var roads = D.roads.slice().sort(function (a, b) { return a.total - b.total; });
  roads.forEach(function (r) {
    var f = r.total > 0 ? Math.sqrt(r.total / Math.max(1, D.maxRoad)) : 0;
    var line = L.polyline(r.line, {
      color: r.total > 0 ? '#41566f' : '#b9b3a6',
      weight: r.total > 0 ? 1.2 + 9 * f : 0.8,
      opacity: r.total > 0 ? 0.35 + 0.45 * f : 0.8,
      dashArray: r.class === 'ferry' ? '4 4' : null,
      lineCap: 'round', className: 'road'
    }).addTo(map);
    line.bindTooltip(tip(r.name + ': ' + fmt(r.total) + ' people over the period'), { sticky: true });
  });

  // Markers. Centres first, posts above them.
  var selected = null;
  var centreMarkers = D.centres.map(function (c, i) {
    var m = L.circleMarker(c.ll, {
      radius: 4, color: '#ffffff', weight: 1.5, fillOpacity: 0.9, fillColor: COLOURS.unknown,
      className: 'mk mk-centre mk-centre-' + i
    }).addTo(map);
    m.bindTooltip(tip(c.name + ' (reception centre, ' + c.country + ')'));
    m.on('click', function () { select('centre', i); });
    return m;
  });
  var postMarkers = D.posts.map(function (p, i) {
    var m = L.circleMarker(p.ll, {
      radius: 4, color: '#2b2d42', weight: 1, fillOpacity: 0.92, fillColor: '#fff',
      className: 'mk mk-post mk-post-' + i
    }).addTo(map);
    m.bindTooltip(tip(p.name + ' (border post ' + p.a + '–' + p.b + ')'));
    m.on('click', function () { select('post', i); });
    return m;
  });

  // Legend, below the side panel's figures: posts and roads, centres.
  (function () {
    var div = document.getElementById('legend');
    var left = el('div', { 'class': 'lg-col' }), right = el('div', { 'class': 'lg-col' });
    div.appendChild(left);
    div.appendChild(right);
    function circle(r, fill, stroke, sw) {
      var s = svg('svg', { width: 2 * r + 4, height: 2 * r + 4 });
      s.appendChild(svg('circle', { cx: r + 2, cy: r + 2, r: r, fill: fill, stroke: stroke, 'stroke-width': sw || 1 }));
      return s;
    }
    function row(col, graphic, text) {
      var r = el('div', { 'class': 'row' });
      r.appendChild(graphic);
      r.appendChild(el('span', {}, text));
      col.appendChild(r);
    }
    left.appendChild(el('div', { 'class': 'lg-h' }, 'Border post: passed that day'));
    [0.05, 0.3, 1].forEach(function (f) {
      var v = Math.round(D.maxPassed * f);
      row(left, circle(postRadius(v), postColour(v), '#2b2d42'), fmt(v));
    });
    row(left, circle(6, '#bcbddc', COLOURS.full, 2.5), 'refusals or queue');
    right.appendChild(el('div', { 'class': 'lg-h' }, 'Reception centre: occupancy'));
    row(right, circle(6, COLOURS.ok, '#fff'), 'below 80% of capacity');
    row(right, circle(6, COLOURS.warn, '#fff'), '80% to 99%');
    row(right, circle(6, COLOURS.full, '#fff'), 'full (100% or more)');
    row(right, circle(6, COLOURS.unknown, '#fff'), 'capacity unknown or closed');
    right.appendChild(el('div', { 'class': 'lg-h' }, 'Road: people over the period'));
    [0.02, 0.25, 1].forEach(function (f) {
      var s = svg('svg', { width: 30, height: 12 });
      s.appendChild(svg('line', { x1: 1, y1: 6, x2: 29, y2: 6, stroke: '#41566f', 'stroke-opacity': 0.35 + 0.45 * Math.sqrt(f), 'stroke-width': 1.2 + 9 * Math.sqrt(f) }));
      row(right, s, fmt(Math.round(D.maxRoad * f)));
    });
  })();

  // The day shown.
  var slider = document.getElementById('day');
  var dateOut = document.getElementById('date');
  var current = 0;
  slider.max = String(days - 1);

  function setDay(day) {
    day = Math.max(0, Math.min(days - 1, day | 0));
    current = day;
    if (+slider.value !== day) slider.value = String(day);
    var full = 0;
    D.centres.forEach(function (c, i) {
      var occ = c.occupancy[day], cap = c.capacity[day];
      var st = centreStatus(occ, cap);
      if (st === 'full') full++;
      var m = centreMarkers[i];
      m.setRadius(centreRadius(occ));
      m.setStyle({ fillColor: COLOURS[st], color: selected && selected.kind === 'centre' && selected.i === i ? '#111' : '#ffffff', weight: selected && selected.kind === 'centre' && selected.i === i ? 3 : 1.5 });
    });
    var passed = 0;
    D.posts.forEach(function (p, i) {
      var v = p.passed[day];
      passed += v;
      var pressed = p.refused[day] > 0 || p.queue[day] > 0;
      var sel = selected && selected.kind === 'post' && selected.i === i;
      postMarkers[i].setRadius(postRadius(v));
      postMarkers[i].setStyle({
        fillColor: postColour(v),
        color: sel ? '#111' : pressed ? COLOURS.full : '#2b2d42',
        weight: sel ? 3 : pressed ? 2.5 : 1
      });
    });
    dateOut.textContent = '';
    dateOut.appendChild(document.createTextNode(longDate(D.dates[day])));
    dateOut.appendChild(el('small', {}, 'Day ' + (day + 1) + ' of ' + days + ' · ' + fmt(passed) + ' passed posts · ' + full + ' centres full'));
    document.querySelectorAll('svg.chart .cursor').forEach(function (c) { c.__move(day); });
  }
  slider.addEventListener('input', function () { stop(); setDay(+slider.value); });
  slider.addEventListener('change', function () { setDay(+slider.value); });

  var timer = null;
  var playBtn = document.getElementById('play');
  function stop() {
    if (timer) { clearInterval(timer); timer = null; playBtn.textContent = '▶'; playBtn.setAttribute('aria-label', 'Play'); }
  }
  playBtn.addEventListener('click', function () {
    if (timer) { stop(); return; }
    if (current >= days - 1) setDay(0);
    playBtn.textContent = '❚❚';
    playBtn.setAttribute('aria-label', 'Pause');
    timer = setInterval(function () {
      if (current >= days - 1) { stop(); return; }
      setDay(current + 1);
    }, 90);
  });

  // Event ticks above the slider (the thumb's centre runs from 8px to
  // width-8px); clicking one jumps to its day.
  var ticks = document.getElementById('event-ticks');
  (D.events || []).forEach(function (ev) {
    var f = days > 1 ? ev.day / (days - 1) : 0;
    var b = el('button', {
      type: 'button', 'class': 'ev-tick',
      title: ev.date + ' · ' + ev.kind + (ev.target ? ' · ' + ev.target : ''),
      style: 'left: calc(8px + (100% - 16px) * ' + f.toFixed(5) + ')'
    });
    b.addEventListener('click', function () { stop(); setDay(ev.day); });
    ticks.appendChild(b);
  });

  // A chart of daily series over the whole period, with a cursor on the
  // day shown. series: [{values, colour, label, area}].
  function chart(series, kind) {
    var W = 340, H = 190, L0 = 46, R0 = 8, T0 = 10, B0 = 22;
    var iw = W - L0 - R0, ih = H - T0 - B0;
    var ymax = 0;
    series.forEach(function (s) { ymax = Math.max(ymax, maxOf(s.values)); });
    var step = niceStep(ymax / 4);
    ymax = Math.max(step, step * Math.ceil(ymax / step));
    var grid = Math.round(ymax / step);
    function x(d) { return L0 + (days > 1 ? iw * d / (days - 1) : iw / 2); }
    function y(v) { return T0 + ih - ih * v / ymax; }
    var s = svg('svg', { 'class': 'chart', 'data-kind': kind, viewBox: '0 0 ' + W + ' ' + H, role: 'img' });
    for (var g = 0; g <= grid; g++) {
      var v = step * g, yy = y(v);
      s.appendChild(svg('line', { x1: L0, x2: W - R0, y1: yy, y2: yy, stroke: g ? '#e3e6ea' : '#5a6675', 'stroke-width': 1 }));
      s.appendChild(svg('text', { x: L0 - 4, y: yy + 3, 'text-anchor': 'end' }, compact(v)));
    }
    var ticks = monthTicks();
    ticks.forEach(function (t) {
      s.appendChild(svg('line', { x1: x(t.day), x2: x(t.day), y1: T0 + ih, y2: T0 + ih + 4, stroke: '#5a6675' }));
      if (t.label) s.appendChild(svg('text', { x: x(t.day) + 2, y: H - 6 }, t.label));
    });
    series.forEach(function (se) {
      var d = '';
      for (var i = 0; i < days; i++) d += (i ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(se.values[i]).toFixed(1);
      if (se.area) {
        s.appendChild(svg('path', { d: d + 'L' + x(days - 1).toFixed(1) + ' ' + y(0) + 'L' + x(0).toFixed(1) + ' ' + y(0) + 'Z', fill: se.colour, 'fill-opacity': 0.25, stroke: 'none' }));
      }
      s.appendChild(svg('path', { d: d, fill: 'none', stroke: se.colour, 'stroke-width': se.width || 1.4, 'stroke-dasharray': se.dash || null, 'class': 'series' }));
    });
    var cur = svg('g', { 'class': 'cursor' });
    var cl = svg('line', { y1: T0, y2: T0 + ih, stroke: '#13294b', 'stroke-width': 1, 'stroke-dasharray': '3 2' });
    cur.appendChild(cl);
    s.appendChild(cur);
    cur.__move = function (day) { cl.setAttribute('x1', x(day)); cl.setAttribute('x2', x(day)); };
    cur.__move(current);
    s.addEventListener('click', function (e) {
      var r = s.getBoundingClientRect();
      var px = (e.clientX - r.left) * W / r.width;
      stop();
      setDay(Math.round((px - L0) / iw * (days - 1)));
    });
    var box = el('div', {});
    box.appendChild(s);
    var lg = el('div', { 'class': 'chart-legend' });
    series.forEach(function (se) {
      var item = el('span', {});
      item.appendChild(el('i', { style: 'background:' + se.colour }));
      item.appendChild(document.createTextNode(se.label));
      lg.appendChild(item);
    });
    box.appendChild(lg);
    return box;
  }
  // niceStep rounds a grid step up to 1, 2, 2.5 or 5 times a power of ten
  // (and at least 1: the counts are whole people).
  function niceStep(v) {
    if (v <= 1) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= v) return steps[i] * p;
    return 10 * p;
  }
  function compact(v) {
    if (v >= 1e6) return (v / 1e6).toFixed(v % 1e6 ? 1 : 0) + 'M';
    if (v >= 1e4) return Math.round(v / 1e3) + 'k';
    if (v >= 1e3) return (v / 1e3).toFixed(2).replace(/\.?0+$/, '') + 'k';
    return String(Math.round(v));
  }
  function monthTicks() {
    var out = [], n = 0;
    for (var i = 0; i < days; i++) if (parts(D.dates[i]).d === 1 || i === 0) n++;
    var every = n > 14 ? 3 : n > 7 ? 2 : 1, k = 0;
    for (var j = 0; j < days; j++) {
      var p = parts(D.dates[j]);
      if (p.d !== 1) continue;
      var label = (k % every === 0) ? MONTHS[p.m - 1].slice(0, 3) + (p.m === 1 || k === 0 ? ' ' + String(p.y).slice(2) : '') : '';
      out.push({ day: j, label: label });
      k++;
    }
    return out;
  }

  // The side panel.
  var panel = document.getElementById('panel-detail');
  function stat(dl, k, v) { dl.appendChild(el('dt', {}, k)); dl.appendChild(el('dd', {}, v)); }
  function select(kind, i) {
    selected = { kind: kind, i: i };
    panel.textContent = '';
    panel.setAttribute('data-selected', kind + ':' + i);
    var dl = el('dl', {});
    if (kind === 'post') {
      var p = D.posts[i];
      panel.appendChild(el('h4', {}, p.name));
      panel.appendChild(el('p', { 'class': 'meta' }, 'Border post · ' + p.a + '–' + p.b + ' · ' + p.id));
      var pk = argmax(p.passed);
      stat(dl, 'Passed, ' + p.a + ' → ' + p.b, fmt(p.dir[0]));
      stat(dl, 'Passed, ' + p.b + ' → ' + p.a, fmt(p.dir[1]));
      stat(dl, 'Busiest day', fmt(p.passed[pk]) + ' on ' + shortDate(D.dates[pk]));
      stat(dl, 'Refused over the period', fmt(sum(p.refused)));
      stat(dl, 'Longest queue', fmt(maxOf(p.queue)));
      panel.appendChild(dl);
      panel.appendChild(el('p', { 'class': 'chart-title' }, 'People per day, both directions'));
      panel.appendChild(chart([
        { values: p.passed, colour: '#6a51a3', label: 'passed', area: true },
        { values: p.queue, colour: '#e0a100', label: 'waiting (queue)' },
        { values: p.refused, colour: '#c62828', label: 'refused', dash: '3 2' }
      ], 'post'));
    } else {
      var c = D.centres[i];
      panel.appendChild(el('h4', {}, c.name));
      panel.appendChild(el('p', { 'class': 'meta' }, (c.type || 'reception centre') + ' · ' + c.country + ' · ' + c.id));
      var po = argmax(c.occupancy);
      var fullDays = 0;
      for (var d = 0; d < days; d++) if (c.capacity[d] > 0 && c.occupancy[d] >= c.capacity[d]) fullDays++;
      stat(dl, 'Highest occupancy', fmt(c.occupancy[po]) + ' on ' + shortDate(D.dates[po]));
      stat(dl, 'Capacity then', c.capacity[po] > 0 ? fmt(c.capacity[po]) : 'unknown');
      stat(dl, 'Days full', fmt(fullDays));
      stat(dl, 'Turned away over the period', fmt(sum(c.turnedAway)));
      panel.appendChild(dl);
      panel.appendChild(el('p', { 'class': 'chart-title' }, 'People per day'));
      panel.appendChild(chart([
        { values: c.occupancy, colour: '#2e8540', label: 'occupancy', area: true },
        { values: c.capacity, colour: '#13294b', label: 'capacity', dash: '4 3' },
        { values: c.turnedAway, colour: '#c62828', label: 'turned away' }
      ], 'centre'));
    }
    setDay(current);
  }

  setDay(0);
  document.body.setAttribute('data-ready', 'true');
})();
