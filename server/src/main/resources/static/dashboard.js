/* Kiln's dashboard: plain JavaScript over Kiln's own API (no build step); charts by uPlot (MIT, a WebJar). */
(function () {
  'use strict';
  const view = document.getElementById('view');
  const announce = document.getElementById('announce');
  const KEY = 'kiln.key';
  let cleanups = [];

  // ---- API -------------------------------------------------------------------------------------------------
  function headers(extra) {
    const h = Object.assign({}, extra || {});
    const key = sessionStorage.getItem(KEY);
    if (key) h['Authorization'] = 'Bearer ' + key;
    return h;
  }

  async function api(path, options) {
    const opts = Object.assign({}, options || {});
    opts.headers = headers(Object.assign({'Accept': 'application/json'}, opts.headers || {}));
    const answer = await fetch('/api/v1' + path, opts);
    const type = answer.headers.get('Content-Type') || '';
    const body = type.includes('json') ? await answer.json() : await answer.text();
    if (!answer.ok) {
      const detail = body && body.detail ? body.detail : answer.status + ' ' + answer.statusText;
      const error = new Error(answer.status === 401 ? 'Kiln needs an API key: enter one above. (' + detail + ')' : detail);
      error.status = answer.status;
      throw error;
    }
    return body;
  }

  async function download(path, name) {
    const answer = await fetch('/api/v1' + path, {headers: headers()});
    if (!answer.ok) throw new Error('download failed: ' + answer.status);
    const url = URL.createObjectURL(await answer.blob());
    const a = el('a', {href: url, download: name});
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  /** Follows a Server-Sent Events stream with the key (EventSource cannot send one); reconnects after its last id. */
  function follow(path, onEvent) {
    const controller = new AbortController();
    let lastId = null;
    let ended = false;
    async function connect() {
      try {
        const h = headers({'Accept': 'text/event-stream'});
        if (lastId !== null) h['Last-Event-ID'] = lastId;
        const answer = await fetch('/api/v1' + path, {headers: h, signal: controller.signal});
        if (!answer.ok) { ended = true; return; }
        const reader = answer.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const {value, done} = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, {stream: true});
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const event = {name: 'message', data: ''};
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const colon = line.indexOf(':');
              const field = colon < 0 ? line : line.slice(0, colon);
              const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (field === 'id') event.id = text;
              else if (field === 'event') event.name = text;
              else if (field === 'data') event.data += (event.data ? '\n' : '') + text;
            }
            if (!event.data) continue;
            if (event.id !== undefined) lastId = event.id;
            if (event.name === 'end') ended = true;
            onEvent(event.name, JSON.parse(event.data));
          }
        }
      } catch (e) {
        if (controller.signal.aborted) return;
      }
      if (!ended && !controller.signal.aborted) setTimeout(connect, 1000);
    }
    connect();
    return () => controller.abort();
  }

  // ---- helpers ---------------------------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
    return node;
  }
  const short = (id) => id ? id.slice(0, 8) : '';
  const fmt = (v) => v === null || v === undefined ? '' : typeof v === 'number'
      ? (Number.isInteger(v) ? String(v) : (Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(4))) : String(v);
  const when = (t) => t ? new Date(t).toLocaleString() : '';
  function say(text) { announce.textContent = text; }
  function fail(e) { view.replaceChildren(el('h1', {}, 'Something went wrong'), el('p', {class: 'error', role: 'alert'}, e.message)); }
  function statusCell(status) { return el('span', {class: 'status status-' + status}, status); }
  function flatten(obj, prefix, out) {
    out = out || {};
    for (const [k, v] of Object.entries(obj || {})) {
      const path = prefix ? prefix + '.' + k : k;
      if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v, path, out);
      else out[path] = Array.isArray(v) ? v.map((x) => typeof x === 'object' ? JSON.stringify(x) : x).join(', ') : v;
    }
    return out;
  }
  function query(hash) {
    const q = hash.indexOf('?');
    return new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  }

  // ---- charts ----------------------------------------------------------------------------------------------
  const COLORS = ['#0b5cad', '#c2410c', '#116329', '#7c3aed', '#a40e26', '#0f766e', '#9d174d', '#4d7c0f', '#1e40af', '#92400e'];

  /** A line chart of epochs: series [{label, values}] sharing x = epochs; marks the best epoch when given. */
  function lineChart(title, epochs, series, best) {
    const box = el('figure', {class: 'chart', 'data-metric': title, 'aria-label': title + ' by epoch'});
    box.appendChild(el('h3', {}, title));
    const mark = {best: best};
    const opts = {
      width: 440, height: 220,
      scales: {x: {time: false}},
      axes: [{label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]},
        {values: (u, ticks) => ticks.map((t) => fmt(t))}],
      series: [{label: 'epoch'}].concat(series.map((s, i) => ({label: s.label, stroke: COLORS[i % COLORS.length], width: 2,
        dash: s.label.startsWith('val_') ? [6, 4] : undefined}))),
      hooks: {draw: [(u) => {
        if (!mark.best) return;
        const x = u.valToPos(mark.best, 'x', true);
        const ctx = u.ctx;
        ctx.save();
        ctx.strokeStyle = '#7a4d00';
        ctx.setLineDash([2, 3]);
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.restore();
      }]}
    };
    const plot = new uPlot(opts, [epochs].concat(series.map((s) => s.values)), box);
    const caption = el('figcaption', {class: 'visually-hidden'}, best ? 'best epoch ' + best : '');
    box.appendChild(caption);
    return {node: box, plot: plot, mark: (epoch) => { mark.best = epoch; caption.textContent = epoch ? 'best epoch ' + epoch : ''; }};
  }

  // ---- runs list -------------------------------------------------------------------------------------------
  async function runsList(params) {
    const page = Number(params.get('page') || 0);
    const q = new URLSearchParams({size: '20', page: String(page)});
    for (const name of ['filter', 'status', 'sort']) if (params.get(name)) q.set(name, params.get(name));
    const filter = el('input', {id: 'filter', type: 'text', value: params.get('filter') || '',
      placeholder: "metrics.val_accuracy > 0.9 AND params.optimizer.type = 'adam'"});
    const status = el('select', {id: 'status-filter'}, el('option', {value: ''}, 'any'),
      ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'].map((s) => el('option', {value: s, selected: params.get('status') === s}, s)));
    const sort = el('select', {id: 'sort'}, [['', 'newest first'], ['createdAt,asc', 'oldest first'], ['metrics.val_loss,asc', 'val_loss ↑'],
      ['metrics.val_accuracy,desc', 'val_accuracy ↓'], ['metrics.loss,asc', 'loss ↑'], ['status', 'status']]
      .map(([v, t]) => el('option', {value: v, selected: (params.get('sort') || '') === v}, t)));
    const go = (p) => {
      const next = new URLSearchParams();
      if (filter.value.trim()) next.set('filter', filter.value.trim());
      if (status.value) next.set('status', status.value);
      if (sort.value) next.set('sort', sort.value);
      if (p) next.set('page', String(p));
      location.hash = '#/runs?' + next.toString();
    };
    const form = el('form', {class: 'toolbar', role: 'search', onsubmit: (e) => { e.preventDefault(); go(0); }},
      el('label', {for: 'filter'}, 'Filter', filter), el('label', {for: 'status-filter'}, 'Status', status),
      el('label', {for: 'sort'}, 'Sort', sort), el('button', {type: 'submit', class: 'primary'}, 'Search'));
    const compare = el('button', {type: 'button', id: 'compare', disabled: true}, 'Compare selected');
    view.replaceChildren(el('h1', {}, 'Runs'), form, el('p', {id: 'runs-message'}, 'Loading…'));
    let answer;
    try {
      answer = await api('/runs?' + q.toString());
    } catch (e) {
      view.querySelector('#runs-message').replaceWith(el('p', {class: 'error', role: 'alert', id: 'runs-message'}, e.message));
      return;
    }
    const selected = new Set();
    const rows = answer.content.map((r) => {
      const m = r.metrics || {};
      const key = ['loss', 'val_loss', 'accuracy', 'val_accuracy', 'mae', 'val_mae', 'rmse', 'test_accuracy']
        .filter((k) => m[k] !== undefined).slice(0, 4).map((k) => k + ' ' + fmt(m[k])).join(' · ');
      const box = el('input', {type: 'checkbox', 'aria-label': 'select run ' + short(r.id) + ' to compare', onchange: (e) => {
        if (e.target.checked) selected.add(r.id); else selected.delete(r.id);
        compare.disabled = selected.size < 2 || selected.size > 10;
      }});
      return el('tr', {'data-run': r.id},
        el('td', {}, box),
        el('td', {}, el('a', {href: '#/runs/' + r.id}, short(r.id))),
        el('td', {}, statusCell(r.status)), el('td', {}, r.task),
        el('td', {}, r.datasetId ? el('a', {href: '#/datasets/' + r.datasetId}, short(r.datasetId)) : ''),
        el('td', {}, el('a', {href: '#/models/' + r.modelId + (r.datasetId ? '?datasetId=' + r.datasetId + '&target=' + encodeURIComponent(r.target) : '')}, short(r.modelId))),
        el('td', {class: 'num'}, r.progress.epoch + ' / ' + r.progress.epochs),
        el('td', {}, key),
        el('td', {}, Object.entries(r.tags || {}).map(([k, v]) => k + '=' + v).join(', ')),
        el('td', {}, when(r.createdAt)));
    });
    compare.addEventListener('click', () => { location.hash = '#/compare?ids=' + Array.from(selected).join(','); });
    const info = answer.page;
    const table = el('table', {id: 'runs'}, el('caption', {class: 'visually-hidden'}, 'Runs, ' + info.totalElements + ' in all'),
      el('thead', {}, el('tr', {}, ['', 'run', 'status', 'task', 'dataset', 'model', 'epochs', 'metrics', 'tags', 'created']
        .map((h) => el('th', {scope: 'col'}, h)))), el('tbody', {}, rows));
    const pager = el('div', {class: 'pager'},
      el('button', {type: 'button', disabled: page === 0, onclick: () => go(page - 1)}, '← Newer'),
      el('span', {}, 'page ' + (page + 1) + ' of ' + Math.max(1, info.totalPages) + ' · ' + info.totalElements + ' runs'),
      el('button', {type: 'button', disabled: page + 1 >= info.totalPages, onclick: () => go(page + 1)}, 'Older →'), compare);
    view.querySelector('#runs-message').replaceWith(answer.content.length ? table : el('p', {id: 'runs-message'}, 'No runs match.'));
    view.appendChild(pager);
    say(info.totalElements + ' runs');
  }

  // ---- one run ---------------------------------------------------------------------------------------------
  function metricGroups(rows) {
    const names = new Set();
    rows.forEach((r) => Object.keys(r.metrics).forEach((k) => names.add(k)));
    const groups = [];
    for (const n of names) {
      if (n.startsWith('val_') || n.startsWith('test_')) continue;
      groups.push({title: n, names: names.has('val_' + n) ? [n, 'val_' + n] : [n]});
    }
    for (const n of names) if (n.startsWith('val_') && !names.has(n.slice(4))) groups.push({title: n, names: [n]});
    return groups;
  }

  function bestEpoch(run, rows) {
    if (run.bestEpoch) return run.bestEpoch;
    const key = rows.some((r) => r.metrics.val_loss !== undefined) ? 'val_loss' : 'loss';
    let best = null;
    rows.forEach((r) => { if (r.metrics[key] !== undefined && (best === null || r.metrics[key] < best.v)) best = {e: r.epoch, v: r.metrics[key]}; });
    return best ? best.e : null;
  }

  async function runPage(id) {
    let run;
    try { run = await api('/runs/' + id); } catch (e) { fail(e); return; }
    const rows = [];
    const charts = el('div', {class: 'charts', id: 'charts'});
    const statusNode = el('dd', {id: 'run-status'}, statusCell(run.status));
    const epochNode = el('dd', {id: 'run-epoch'}, run.progress.epoch + ' / ' + run.progress.epochs);
    const cancel = el('button', {type: 'button', id: 'cancel', class: 'danger', disabled: !['QUEUED', 'RUNNING'].includes(run.status),
      onclick: async () => {
        cancel.disabled = true;
        try { await api('/runs/' + id + '/cancel', {method: 'POST'}); say('cancel requested'); } catch (e) { say(e.message); }
      }}, 'Cancel run');
    const history = el('tbody', {id: 'history'});
    const drawHistory = (entries) => history.replaceChildren(...entries.map((h) => el('tr', {},
      el('td', {}, statusCell(h.status)), el('td', {}, when(h.at)), el('td', {}, h.instance || ''), el('td', {}, h.reason || ''))));
    drawHistory(run.history);
    const evaluation = el('section', {id: 'evaluation'});
    view.replaceChildren(
      el('h1', {}, 'Run ', el('code', {}, id)),
      el('dl', {class: 'facts'},
        el('dt', {}, 'status'), statusNode, el('dt', {}, 'epochs'), epochNode,
        el('dt', {}, 'task'), el('dd', {}, run.task + ' → ' + run.target),
        el('dt', {}, 'dataset'), el('dd', {}, run.datasetId ? el('a', {href: '#/datasets/' + run.datasetId}, run.datasetId) : 'imported'),
        el('dt', {}, 'model'), el('dd', {}, el('a', {href: '#/models/' + run.modelId + (run.datasetId ? '?datasetId=' + run.datasetId + '&target=' + encodeURIComponent(run.target) : '')}, run.modelId)),
        el('dt', {}, 'device'), el('dd', {}, (run.device || '') + (run.threads ? ', ' + run.threads + ' threads' : '')),
        el('dt', {}, 'tags'), el('dd', {}, Object.entries(run.tags || {}).map(([k, v]) => k + '=' + v).join(', ') || '—')),
      el('div', {class: 'actions'}, cancel,
        el('button', {type: 'button', id: 'download-metrics', onclick: () => download('/runs/' + id + '/metrics.csv', 'run-' + short(id) + '-metrics.csv').catch((e) => say(e.message))}, 'Download metrics (CSV)'),
        el('button', {type: 'button', id: 'download-model', onclick: () => download('/runs/' + id + '/model', 'run-' + short(id) + '.zip').catch((e) => say(e.message))}, 'Download model'),
        el('a', {href: '#/compare?ids=' + id}, 'Compare…')),
      el('h2', {}, 'Curves'), charts,
      el('h2', {}, 'Status history'),
      el('table', {}, el('thead', {}, el('tr', {}, ['status', 'at', 'instance', 'reason'].map((h) => el('th', {scope: 'col'}, h)))), history),
      evaluation,
      el('h2', {}, 'Hyperparameters'), paramTable(flatten(run.spec)),
      el('h2', {}, 'Preprocessing'), el('pre', {}, JSON.stringify(run.preprocessing, null, 2) || 'not fitted yet'));
    const finishedAtLoad = ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(run.status);
    let drawn = {};
    const redraw = () => {
      const epochs = rows.map((r) => r.epoch);
      const best = bestEpoch(run, rows);
      for (const group of metricGroups(rows)) {
        const series = group.names.map((n) => ({label: n, values: rows.map((r) => r.metrics[n] === undefined ? null : r.metrics[n])}));
        const existing = drawn[group.title];
        if (existing && existing.names === group.names.join()) {
          existing.chart.mark(best);
          existing.chart.plot.setData([epochs].concat(series.map((s) => s.values)));
        } else {
          const chart = lineChart(group.title, epochs, series, best);
          if (existing) existing.chart.node.replaceWith(chart.node); else charts.appendChild(chart.node);
          drawn[group.title] = {chart: chart, names: group.names.join()};
        }
      }
      charts.setAttribute('data-points', String(rows.length));
    };
    const stop = follow('/runs/' + id + '/events', async (name, data) => {
      if (name === 'epoch') {
        rows.push({epoch: data.epoch, metrics: data.metrics});
        epochNode.textContent = data.epoch + ' / ' + run.progress.epochs;
        redraw();
      } else if (name === 'status') {
        statusNode.replaceChildren(statusCell(data.status));
        run.history.push({status: data.status, at: data.at, instance: data.instance, reason: data.reason});
        drawHistory(run.history);
        if (data.status === 'RUNNING') {
          // a resumed run trains the epochs after its checkpoint again; keep the latest of each
          const seen = new Map();
          rows.forEach((r) => seen.set(r.epoch, r));
          rows.splice(0, rows.length, ...Array.from(seen.values()).sort((a, b) => a.epoch - b.epoch));
        }
        cancel.disabled = !['QUEUED', 'RUNNING'].includes(data.status);
        say('run is ' + data.status);
      } else if (name === 'end' && !finishedAtLoad) {
        try { run = await api('/runs/' + id); redraw(); showEvaluation(id, evaluation); } catch (e) { say(e.message); }
      }
    });
    cleanups.push(stop);
    if (['SUCCEEDED'].includes(run.status)) showEvaluation(id, evaluation);
  }

  async function showEvaluation(id, section) {
    let e;
    try { e = await api('/runs/' + id + '/evaluation'); } catch (err) { return; }
    const metrics = Object.entries(e.metrics || {}).map(([k, v]) => k + ' ' + fmt(v)).join(' · ');
    const matrix = el('table', {id: 'confusion'}, el('caption', {}, 'Confusion matrix (rows: true class, columns: predicted)'),
      el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, ''), e.labels.map((l) => el('th', {scope: 'col'}, l)))),
      el('tbody', {}, e.confusionMatrix.map((row, i) => el('tr', {}, el('th', {scope: 'row'}, e.labels[i]),
        row.map((n) => el('td', {class: 'num'}, n))))));
    section.replaceChildren(el('h2', {}, 'Test evaluation'), el('p', {}, metrics), matrix);
  }

  function paramTable(flat) {
    return el('table', {class: 'params'}, el('tbody', {}, Object.entries(flat).map(([k, v]) =>
      el('tr', {}, el('th', {scope: 'row'}, k), el('td', {}, fmt(v))))));
  }

  // ---- compare ---------------------------------------------------------------------------------------------
  async function comparePage(params) {
    const ids = (params.get('ids') || '').split(',').filter(Boolean).slice(0, 10);
    view.replaceChildren(el('h1', {}, 'Compare runs'), el('p', {}, 'Loading…'));
    let compared;
    try {
      compared = await api('/runs/compare?ids=' + ids.join(','));
    } catch (e) {
      view.replaceChildren(el('h1', {}, 'Compare runs'), el('p', {class: 'error', role: 'alert'},
        ids.length < 2 ? 'Select 2 to 10 runs in the runs list to compare them.' : e.message));
      return;
    }
    const runs = compared.runs.map((r) => ({run: r}));
    const epochs = compared.epochs;
    const charts = el('div', {class: 'charts', id: 'compare-charts'});
    for (const name of Object.keys(compared.metrics).filter((n) => !n.startsWith('test_'))) {
      const series = compared.runs.map((r) => ({label: short(r.id), values: compared.metrics[name][r.id]}));
      charts.appendChild(lineChart(name, epochs, series, null).node);
    }
    const flats = runs.map((r) => flatten(r.run.spec));
    const keys = Array.from(new Set(flats.flatMap((f) => Object.keys(f)))).sort();
    const table = el('table', {id: 'compare-params'},
      el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'hyperparameter'), runs.map((r) => el('th', {scope: 'col'},
        el('a', {href: '#/runs/' + r.run.id}, short(r.run.id)))))),
      el('tbody', {}, keys.map((k) => {
        const values = flats.map((f) => fmt(f[k]));
        const differs = new Set(values).size > 1;
        return el('tr', {class: differs ? 'differs' : null}, el('th', {scope: 'row'}, k + (differs ? ' (differs)' : '')),
          values.map((v) => el('td', {}, v)));
      })));
    view.replaceChildren(el('h1', {}, 'Compare ' + runs.length + ' runs'), charts, el('h2', {}, 'Hyperparameters'),
      el('p', {}, 'Rows whose values differ are highlighted and marked “differs”.'), table);
  }

  // ---- dataset and model -----------------------------------------------------------------------------------
  async function datasetPage(id) {
    let d;
    try { d = await api('/datasets/' + id); } catch (e) { fail(e); return; }
    const columns = d.columns || [];
    const rows = columns.map((c) => {
      const counts = c.values || c.topValues || [];
      const most = Math.max(1, ...counts.map((v) => v.count));
      const numeric = c.type === 'NUMERIC' || c.type === 'numeric';
      const detail = numeric
        ? el('div', {}, el('div', {}, 'min ' + fmt(c.min) + ' · mean ' + fmt(c.mean) + ' · max ' + fmt(c.max) + ' · std ' + fmt(c.std)),
            c.histogram ? histogram(c.histogram) : null)
        : el('div', {}, counts.slice(0, 8).map((v) => el('div', {}, el('span', {class: 'bar', 'data-width': v.count, 'data-of': most}),
            ' ' + v.value + ' (' + v.count + ')')));
      const row = el('tr', {}, el('th', {scope: 'row'}, c.name), el('td', {}, String(c.type)), el('td', {class: 'num'}, fmt(c.missing)),
        el('td', {class: 'num'}, fmt(c.distinct)), el('td', {}, detail));
      row.querySelectorAll('.bar').forEach((b) => { b.style.width = (8 * Number(b.getAttribute('data-width')) / Number(b.getAttribute('data-of'))) + 'rem'; });
      row.querySelectorAll('.bin').forEach((b) => { b.style.height = (3 * Number(b.getAttribute('data-height'))) + 'rem'; });
      return row;
    });
    const parts = [el('h1', {}, 'Dataset ', el('code', {}, d.name || id)),
      el('p', {}, d.format + ' · ' + d.rows + ' rows · ' + d.sizeBytes + ' bytes · uploaded ' + when(d.createdAt)),
      el('table', {id: 'profile'}, el('thead', {}, el('tr', {}, ['column', 'type', 'missing', 'distinct', 'distribution']
        .map((h) => el('th', {scope: 'col'}, h)))), el('tbody', {}, rows))];
    if (d.images) {
      const thumbs = el('div', {class: 'thumbs', id: 'thumbs'});
      parts.push(el('h2', {}, 'Images'), thumbs);
      for (let i = 0; i < 12; i++) {
        fetch('/api/v1/datasets/' + id + '/images/' + i, {headers: headers()}).then((a) => a.ok ? a.blob() : null).then((b) => {
          if (b) thumbs.appendChild(el('figure', {}, el('img', {src: URL.createObjectURL(b), alt: 'image ' + i}), el('figcaption', {}, '#' + i)));
        });
      }
    }
    view.replaceChildren(...parts);
  }

  /** A numeric column's histogram as columns of bars, each labelled with its range and count. */
  function histogram(h) {
    const most = Math.max(1, ...h.counts);
    return el('div', {class: 'histogram', role: 'img', 'aria-label': 'histogram: ' + h.counts.map((n, i) =>
        fmt(h.edges[i]) + ' to ' + fmt(h.edges[i + 1]) + ': ' + n).join('; ') + (h.sampled ? ' (from a sample)' : '')},
      h.counts.map((n, i) => el('span', {class: 'bin', 'data-height': n / most,
        title: fmt(h.edges[i]) + ' – ' + fmt(h.edges[i + 1]) + ': ' + n})));
  }

  async function modelPage(id, params) {
    let m;
    try { m = await api('/models/' + id); } catch (e) { fail(e); return; }
    let shapes = null;
    if (params.get('datasetId')) {
      const target = params.get('target') ? '&target=' + encodeURIComponent(params.get('target')) : '';
      try { shapes = await api('/models/' + id + '/check?datasetId=' + encodeURIComponent(params.get('datasetId')) + target, {method: 'POST'}); } catch (e) { shapes = null; }
    }
    const layers = (m.definition || m).layers || [];
    const traced = shapes && shapes.layers ? shapes.layers : [];
    const table = el('table', {id: 'layers'}, el('thead', {}, el('tr', {}, ['#', 'layer', 'settings', 'output shape', 'parameters']
      .map((h) => el('th', {scope: 'col'}, h)))), el('tbody', {}, layers.map((l, i) => {
        const t = traced[i] || {};
        const settings = Object.entries(l).filter(([k]) => k !== 'type').map(([k, v]) => k + '=' + (typeof v === 'object' ? JSON.stringify(v) : v)).join(', ');
        return el('tr', {}, el('td', {class: 'num'}, i), el('td', {}, l.type), el('td', {}, settings),
          el('td', {}, t.outputShape ? JSON.stringify(t.outputShape) : ''), el('td', {class: 'num'}, fmt(t.parameters)));
      })));
    view.replaceChildren(el('h1', {}, 'Model ', el('code', {}, m.name || id)),
      el('p', {}, shapes ? 'Shapes traced against dataset ' + params.get('datasetId') + (shapes.parameters ? ' · ' + shapes.parameters + ' parameters' : '')
        : 'Open this page from a run to see each layer\'s output shape on its dataset.'), table);
    const spans = layers.length !== traced.length && traced.length ? el('p', {}, 'The trace has ' + traced.length + ' layers (graph inputs and merges included).') : null;
    if (spans) view.appendChild(spans);
  }

  // ---- routing ---------------------------------------------------------------------------------------------
  async function route() {
    cleanups.forEach((f) => f());
    cleanups = [];
    const hash = location.hash || '#/runs';
    const path = hash.split('?')[0];
    const params = query(hash);
    let m;
    if ((m = path.match(/^#\/runs\/([0-9a-f-]{36})$/))) await runPage(m[1]);
    else if (path === '#/compare') await comparePage(params);
    else if ((m = path.match(/^#\/datasets\/([0-9a-f-]{36})$/))) await datasetPage(m[1]);
    else if ((m = path.match(/^#\/models\/([0-9a-f-]{36})$/))) await modelPage(m[1], params);
    else await runsList(params);
    view.focus();
  }

  document.getElementById('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = document.getElementById('api-key').value.trim();
    if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY);
    document.getElementById('api-key').value = '';
    route();
  });
  window.addEventListener('hashchange', route);
  route();
})();
