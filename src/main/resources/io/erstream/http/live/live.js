// The live page: polls GET /live.json and draws it as plain SVG and tables (no library, nothing from elsewhere).
// Everything that comes from the server is written as text or as attributes, never as markup.
'use strict';
(function () {
  const REFRESH_MS = 1500;
  const SVG = 'http://www.w3.org/2000/svg';
  const COLORS = ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];
  const colors = new Map(); // model -> colour, stable while the page is open
  let token = '';
  let models = []; // the table's rows, for the predict form

  const $ = (id) => document.getElementById(id);

  function colorOf(model) {
    if (!colors.has(model)) {
      colors.set(model, COLORS[colors.size % COLORS.length]);
    }
    return colors.get(model);
  }

  function authHeaders(extra) {
    const headers = Object.assign({}, extra || {});
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    return headers;
  }

  function status(text, error) {
    const el = $('status');
    el.textContent = text;
    el.className = error ? 'error' : 'dim';
  }

  function el(name, attributes, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attributes || {})) {
      node.setAttribute(k, String(v));
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function clock(ms) {
    return new Date(ms).toLocaleTimeString([], {hour12: false});
  }

  function ago(now, time) {
    const s = Math.max(0, Math.round((now - time) / 1000));
    return s < 120 ? s + ' s ago' : Math.round(s / 60) + ' min ago';
  }

  // Draws lines (and vertical markers) into an SVG whose viewBox sets the drawing size.
  // A round step of about `rough`: 1, 2, 2.5 or 5 times a power of ten.
  function niceStep(rough) {
    const power = Math.pow(10, Math.floor(Math.log10(rough)));
    const f = rough / power;
    return power * (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10);
  }

  function chart(svg, lines, markers, range, yLabel) {
    const box = svg.viewBox.baseVal;
    const left = 48, right = 12, top = 8, bottom = 22;
    const w = box.width - left - right, h = box.height - top - bottom;
    const x = (t) => left + (range.x1 === range.x0 ? w : (t - range.x0) / (range.x1 - range.x0) * w);
    const y = (v) => top + h - (v - range.y0) / (range.y1 - range.y0) * h;
    while (svg.firstChild) {
      svg.removeChild(svg.firstChild);
    }
    const ySteps = Math.max(1, Math.round((range.y1 - range.y0) / range.yStep));
    for (let i = 0; i <= ySteps; i++) {
      const v = range.y0 + range.yStep * i;
      svg.appendChild(el('line', {class: 'grid', x1: left, x2: left + w, y1: y(v), y2: y(v)}));
      svg.appendChild(el('text', {x: left - 6, y: y(v) + 4, 'text-anchor': 'end'}, yLabel(v)));
    }
    for (let i = 0; i <= 4; i++) {
      const t = range.x0 + (range.x1 - range.x0) * i / 4;
      const anchor = i === 0 ? 'start' : i === 4 ? 'end' : 'middle';
      svg.appendChild(el('text', {x: x(t), y: top + h + 16, 'text-anchor': anchor}, clock(t)));
    }
    svg.appendChild(el('line', {class: 'axis', x1: left, x2: left, y1: top, y2: top + h}));
    svg.appendChild(el('line', {class: 'axis', x1: left, x2: left + w, y1: top + h, y2: top + h}));
    for (const m of markers) {
      if (m.time < range.x0 || m.time > range.x1) {
        continue;
      }
      const line = el('line', {class: 'drift-marker', 'data-model': m.model, stroke: m.color,
        x1: x(m.time), x2: x(m.time), y1: top, y2: top + h});
      line.appendChild(el('title', {}, m.title));
      svg.appendChild(line);
      const label = el('text', {class: 'drift-label', x: x(m.time) + 3, y: top + 10}, m.label);
      label.style.fill = m.color; // a style property, which the stylesheet's grey for chart text does not override
      svg.appendChild(label);
    }
    for (const line of lines) {
      if (line.points.length === 0) {
        continue;
      }
      const clamp = (v) => Math.min(range.y1, Math.max(range.y0, v));
      const points = line.points.map(([t, v]) => x(t).toFixed(1) + ',' + y(clamp(v)).toFixed(1));
      const poly = el('polyline', {class: 'series ' + line.cls, 'data-model': line.model, stroke: line.color,
        points: points.join(' ')});
      poly.appendChild(el('title', {}, line.model));
      svg.appendChild(poly);
    }
  }

  function timeRange(now, seriesOfPoints) {
    let x0 = now;
    for (const points of seriesOfPoints) {
      if (points.length > 0) {
        x0 = Math.min(x0, points[0][0]);
      }
    }
    return {x0: Math.min(x0, now - 10000), x1: now};
  }

  function drawAccuracy(data) {
    const lines = data.curves.map((c) =>
      ({model: c.model, color: colorOf(c.model), points: c.points, cls: 'accuracy'}));
    let low = 1;
    for (const c of data.curves) {
      for (const p of c.points) {
        low = Math.min(low, p[1]);
      }
    }
    const range = Object.assign(timeRange(data.now, data.curves.map((c) => c.points)),
      {y0: Math.max(0, Math.floor((low - 0.02) * 10) / 10), y1: 1});
    range.yStep = range.y1 - range.y0 > 0.5 ? 0.2 : 0.1;
    const markers = data.drifts.map((d) => ({time: d.time, model: d.model, color: colorOf(d.model), label: d.model,
      title: d.model + ': drift (' + d.detector + ') at ' + clock(d.time)}));
    chart($('accuracy-chart'), lines, markers, range, (v) => (v * 100).toFixed(0) + '%');
    const legend = $('legend');
    legend.textContent = '';
    for (const c of data.curves) {
      const item = document.createElement('span');
      item.style.setProperty('--swatch', colorOf(c.model));
      const latest = c.points.length ? ' ' + (c.points[c.points.length - 1][1] * 100).toFixed(1) + '%' : '';
      item.textContent = c.model + latest;
      legend.appendChild(item);
    }
    if (data.curves.length === 0) {
      legend.textContent = 'no accuracy reported yet (models report every erstream.metrics.interval.ms)';
    }
  }

  function drawRates(data) {
    const examples = data.rates.map((r) => [r[0], r[1]]);
    const dead = data.rates.map((r) => [r[0], r[2]]);
    let high = 1;
    for (const r of data.rates) {
      high = Math.max(high, r[1], r[2]);
    }
    const lines = [{model: 'examples/s', color: '#2563eb', points: examples, cls: 'rate'}];
    if (dead.some((p) => p[1] > 0)) {
      lines.push({model: 'dead letters/s', color: '#b42318', points: dead, cls: 'dead-rate'});
    }
    const step = niceStep(high * 1.1 / 4);
    const range = Object.assign(timeRange(data.now, [examples]),
      {y0: 0, y1: step * Math.ceil(high * 1.1 / step), yStep: step});
    chart($('rate-chart'), lines, [], range, (v) => v >= 1000 ? (v / 1000) + 'k' : String(v));
  }

  function cell(row, text, numeric) {
    const td = document.createElement('td');
    td.textContent = text;
    if (numeric) {
      td.className = 'num';
    }
    row.appendChild(td);
    return td;
  }

  function drawTables(data) {
    const total = Object.values(data.deadLetters).reduce((a, b) => a + b, 0);
    const deadBody = $('dead-letters').tBodies[0];
    deadBody.textContent = '';
    for (const [reason, count] of Object.entries(data.deadLetters)) {
      if (count === 0) {
        continue;
      }
      const row = deadBody.insertRow();
      row.setAttribute('data-reason', reason);
      cell(row, reason);
      cell(row, count.toLocaleString(), true);
    }
    $('dead-none').hidden = total > 0;

    const body = $('models').tBodies[0];
    body.textContent = '';
    for (const m of data.models.rows) {
      const row = body.insertRow();
      row.setAttribute('data-model', m.key);
      const key = cell(row, m.key);
      const charted = data.curves.some((c) => c.model === m.key);
      key.style.borderLeft = '4px solid ' + (charted ? colorOf(m.key) : 'transparent');
      cell(row, m.kind);
      cell(row, m.updates.toLocaleString(), true);
      cell(row, m.accuracy === null ? '–' : (m.accuracy * 100).toFixed(1) + '%', true);
      cell(row, m.driftDetections.toLocaleString(), true);
      const last = cell(row, m.lastDrift === null ? (m.driftDetections > 0 ? 'earlier' : '–')
        : ago(data.now, m.lastDrift));
      if (m.lastDrift !== null) {
        last.title = new Date(m.lastDrift).toISOString();
      }
    }
    $('models-note').textContent = data.models.total > data.models.rows.length
      ? '(' + data.models.rows.length + ' of ' + data.models.total + ')' : '';
    models = data.models.rows;

    const rate = data.rates.length ? data.rates[data.rates.length - 1][1] : 0;
    $('examples-total').textContent = data.examples.toLocaleString();
    $('examples-rate').textContent = Math.round(rate).toLocaleString();
    $('models-total').textContent = data.models.total.toLocaleString();
    $('dead-total').textContent = total.toLocaleString();
  }

  function placeholderFor(m) {
    if (!m) {
      return '';
    }
    if (m.encoded) {
      return '{}'; // named event features: absent ones are imputed, so any subset of the fields will do
    }
    if (m.featureNames.length > 0) {
      return JSON.stringify(Object.fromEntries(m.featureNames.map((n) => [n, 0])));
    }
    return JSON.stringify(new Array(m.features).fill(0));
  }

  function updatePredictForm() {
    const select = $('predict-model');
    const chosen = select.value;
    const keys = models.map((m) => m.key);
    if (keys.join('\n') !== Array.from(select.options).map((o) => o.value).join('\n')) {
      select.textContent = '';
      for (const key of keys) {
        const option = document.createElement('option');
        option.value = key;
        option.textContent = key;
        select.appendChild(option);
      }
      if (keys.includes(chosen)) {
        select.value = chosen;
      }
    }
    $('predict-features').placeholder = placeholderFor(models.find((m) => m.key === select.value));
  }

  async function predict(event) {
    event.preventDefault();
    const out = $('predict-result');
    const input = $('predict-features');
    let features;
    try {
      features = JSON.parse(input.value.trim() || input.placeholder);
    } catch (e) {
      out.className = 'error';
      out.textContent = 'features must be JSON: an array of numbers or an object of named numbers';
      return;
    }
    try {
      const response = await fetch('/predict', {method: 'POST',
        headers: authHeaders({'Content-Type': 'application/json'}),
        body: JSON.stringify({model: $('predict-model').value, features: features})});
      const text = await response.text();
      out.className = response.ok ? '' : 'error';
      let shown = text;
      try {
        shown = JSON.stringify(JSON.parse(text), null, 2);
      } catch (ignored) {
        // not JSON: show it as it came
      }
      out.textContent = response.status + ' ' + shown;
    } catch (e) {
      out.className = 'error';
      out.textContent = 'cannot reach the server: ' + e.message;
    }
  }

  async function refresh() {
    let response;
    try {
      response = await fetch('/live.json', {headers: authHeaders(), cache: 'no-store'});
    } catch (e) {
      status('cannot reach the server: ' + e.message, true);
      return;
    }
    if (response.status === 401) {
      $('token-form').hidden = false;
      status('this server needs a bearer token (erstream.http.auth.token)', true);
      return;
    }
    if (!response.ok) {
      status('GET /live.json answered ' + response.status, true);
      return;
    }
    const data = await response.json();
    drawAccuracy(data);
    drawRates(data);
    drawTables(data);
    updatePredictForm();
    status('this instance, updated ' + clock(data.now), false);
  }

  function start() {
    $('token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      token = $('token').value.trim();
      refresh();
    });
    $('predict-form').addEventListener('submit', predict);
    $('predict-model').addEventListener('change', updatePredictForm);
    refresh();
    setInterval(refresh, REFRESH_MS);
  }

  start();
}());
