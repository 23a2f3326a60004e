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
    const explanations = el('section', {id: 'explanations'});
    view.replaceChildren(
      el('h1', {}, 'Run ', el('code', {}, id)),
      el('dl', {class: 'facts'},
        el('dt', {}, 'status'), statusNode, el('dt', {}, 'epochs'), epochNode,
        el('dt', {}, 'task'), el('dd', {}, run.task + ' → ' + run.target),
        el('dt', {}, 'dataset'), el('dd', {}, run.datasetId ? el('a', {href: '#/datasets/' + run.datasetId}, run.datasetId) : 'imported'),
        el('dt', {}, 'model'), el('dd', {}, el('a', {href: '#/models/' + run.modelId + (run.datasetId ? '?datasetId=' + run.datasetId + '&target=' + encodeURIComponent(run.target) : '')}, run.modelId)),
        el('dt', {}, 'device'), el('dd', {}, (run.device || '') + (run.threads ? ', ' + run.threads + ' threads' : '')),
        el('dt', {}, 'tags'), el('dd', {}, Object.entries(run.tags || {}).map(([k, v]) => k + '=' + v).join(', ') || '—'),
        run.studyId ? el('dt', {}, 'study') : null, run.studyId ? el('dd', {id: 'run-study'}, (run.trialNumber !== null
          && run.trialNumber !== undefined ? 'trial ' + run.trialNumber + ' of ' : 'retraining of the best trial of '),
        el('a', {href: '#/studies/' + run.studyId}, short(run.studyId))) : null),
      el('div', {class: 'actions'}, cancel,
        el('button', {type: 'button', id: 'download-metrics', onclick: () => download('/runs/' + id + '/metrics.csv', 'run-' + short(id) + '-metrics.csv').catch((e) => say(e.message))}, 'Download metrics (CSV)'),
        el('button', {type: 'button', id: 'download-model', onclick: () => download('/runs/' + id + '/model', 'run-' + short(id) + '.zip').catch((e) => say(e.message))}, 'Download model'),
        el('a', {href: '#/compare?ids=' + id}, 'Compare…')),
      el('h2', {}, 'Curves'), charts,
      el('h2', {}, 'Status history'),
      el('table', {}, el('thead', {}, el('tr', {}, ['status', 'at', 'instance', 'reason'].map((h) => el('th', {scope: 'col'}, h)))), history),
      evaluation, explanations,
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
        try {
          run = await api('/runs/' + id); redraw(); showEvaluation(id, evaluation);
          if (run.status === 'SUCCEEDED' && run.preprocessing && !run.preprocessing.images) showExplanations(id, run, explanations);
        } catch (e) { say(e.message); }
      }
    });
    cleanups.push(stop);
    if (['SUCCEEDED'].includes(run.status)) showEvaluation(id, evaluation);
    if (run.status === 'SUCCEEDED' && run.preprocessing && !run.preprocessing.images) showExplanations(id, run, explanations);
  }

  /** A table of signed bars: each row's value as a bar (red raises, blue lowers), widths relative to the largest. */
  function barTable(id, caption, rows) {
    const largest = Math.max(1e-12, ...rows.map((r) => Math.abs(r.value)));
    const table = el('table', {id: id, class: 'bars'}, el('caption', {}, caption),
      el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'column'), el('th', {scope: 'col'}, 'value'), el('th', {scope: 'col'}, ''))),
      el('tbody', {}, rows.map((r) => el('tr', {},
        el('th', {scope: 'row'}, r.label), el('td', {class: 'num'}, fmt(r.value) + (r.spread ? ' ± ' + fmt(r.spread) : '')),
        el('td', {}, el('span', {class: 'bar' + (r.value < 0 ? ' negative' : ''), 'data-width': Math.abs(r.value), 'data-of': largest}))))));
    table.querySelectorAll('.bar').forEach((b) => { b.style.width = (12 * Number(b.getAttribute('data-width')) / Number(b.getAttribute('data-of'))) + 'rem'; });
    return table;
  }

  /** A SUCCEEDED table run's explanations: permutation importance (computed on request) and one row explained. */
  async function showExplanations(id, run, section) {
    const importance = el('div', {id: 'importance'});
    const drawImportance = (job) => {
      if (job.status === 'SUCCEEDED') {
        const r = job.result;
        importance.replaceChildren(barTable('importance-bars', 'Permutation importance: drop of ' + r.metric + ' (from '
          + fmt(r.baseline) + ' on ' + r.rows + ' rows) when a column is shuffled, mean ± std of ' + job.repeats,
          r.columns.map((c) => ({label: c.column, value: c.mean, spread: c.std}))));
      } else if (job.status === 'FAILED') {
        importance.replaceChildren(el('p', {class: 'error', role: 'alert'}, 'importance failed: ' + job.error));
      } else {
        importance.replaceChildren(el('p', {}, 'importance is ' + job.status.toLowerCase() + '…'));
        setTimeout(() => api('/runs/' + id + '/importance/' + job.id).then(drawImportance).catch((e) => say(e.message)), 500);
      }
    };
    const compute = el('button', {type: 'button', id: 'compute-importance', onclick: async () => {
      compute.disabled = true;
      try { drawImportance(await api('/runs/' + id + '/importance', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: '{}'})); }
      catch (e) { importance.replaceChildren(el('p', {class: 'error', role: 'alert'}, e.message)); compute.disabled = false; }
    }}, 'Compute permutation importance');
    try { drawImportance(await api('/runs/' + id + '/importance')); compute.disabled = true; } catch (e) { /* none yet */ }
    const features = (run.features || []).filter((f) => f !== run.target);
    const rowInput = el('textarea', {id: 'explain-row', rows: 4, cols: 60, 'aria-label': 'row to explain (JSON)',
      placeholder: '{' + features.slice(0, 4).map((f) => '"' + f + '": …').join(', ') + (features.length > 4 ? ', …' : '') + '}'});
    const answer = el('div', {id: 'explain-answer'});
    const explain = el('button', {type: 'button', id: 'explain', onclick: async () => {
      let row;
      try { row = JSON.parse(rowInput.value); } catch (e) { answer.replaceChildren(el('p', {class: 'error', role: 'alert'}, 'not JSON: ' + e.message)); return; }
      try {
        const a = await api('/runs/' + id + '/explain', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({rows: [row]})});
        const e = a.explanations[0];
        const p = e.explained.prediction;
        answer.replaceChildren(
          el('p', {id: 'explain-summary'}, (p.label !== undefined && p.label !== null ? 'predicted ' + p.label : 'predicted ' + fmt(p.value))
            + ' · attributed ' + (e.explained.target ? 'P(' + e.explained.target + ')' : 'value') + ' ' + fmt(e.explained.value)
            + ' from ' + fmt(e.explained.baselineValue) + ' at the baseline · completeness gap ' + fmt(e.explained.completenessGap)),
          barTable('explain-bars', 'Integrated gradients (' + a.options.steps + ' steps, from the ' + a.options.baseline + ' baseline)',
            e.attributions.map((c) => ({label: c.column, value: c.attribution}))));
      } catch (err) { answer.replaceChildren(el('p', {class: 'error', role: 'alert'}, err.message)); }
    }}, 'Explain');
    section.replaceChildren(el('h2', {}, 'Explanations'), el('div', {class: 'actions'}, compute), importance,
      el('h3', {}, 'Explain one row'), rowInput, el('div', {class: 'actions'}, explain), answer);
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


  // ---- studies ---------------------------------------------------------------------------------------------
  async function studiesList(params) {
    const page = Number(params.get('page') || 0);
    view.replaceChildren(el('h1', {}, 'Studies'), el('p', {id: 'studies-message'}, 'Loading…'));
    let answer;
    try { answer = await api('/studies?size=20&page=' + page); } catch (e) {
      view.querySelector('#studies-message').replaceWith(el('p', {class: 'error', role: 'alert', id: 'studies-message'}, e.message));
      return;
    }
    const rows = answer.content.map((s) => el('tr', {'data-study': s.id},
      el('td', {}, el('a', {href: '#/studies/' + s.id}, s.name)), el('td', {}, statusCell(s.status)),
      el('td', {}, s.objective.direction + ' ' + s.objective.metric), el('td', {}, s.algorithm),
      el('td', {class: 'num'}, s.maxTrials), el('td', {}, s.reason || ''), el('td', {}, when(s.createdAt))));
    const info = answer.page;
    const go = (p) => { location.hash = '#/studies?page=' + p; };
    view.querySelector('#studies-message').replaceWith(answer.content.length ? el('table', {id: 'studies'},
      el('caption', {class: 'visually-hidden'}, 'Studies, ' + info.totalElements + ' in all'),
      el('thead', {}, el('tr', {}, ['study', 'status', 'objective', 'algorithm', 'trials', 'outcome', 'created']
        .map((h) => el('th', {scope: 'col'}, h)))), el('tbody', {}, rows))
      : el('p', {id: 'studies-message'}, 'No studies yet: POST /api/v1/studies starts one.'));
    view.appendChild(el('div', {class: 'pager'},
      el('button', {type: 'button', disabled: page === 0, onclick: () => go(page - 1)}, '← Newer'),
      el('span', {}, 'page ' + (page + 1) + ' of ' + Math.max(1, info.totalPages)),
      el('button', {type: 'button', disabled: page + 1 >= info.totalPages, onclick: () => go(page + 1)}, 'Older →')));
    say(info.totalElements + ' studies');
  }

  /** Each trial's parameters flattened to columns (an object option's fields each a column), in first-seen order. */
  function trialColumns(trials) {
    const columns = [];
    const rows = trials.map((t) => {
      const flat = flatten(t.parameters);
      Object.keys(flat).forEach((k) => { if (!columns.includes(k)) columns.push(k); });
      return flat;
    });
    return {columns: columns, rows: rows};
  }

  /** Objective by trial number, with the best so far (uPlot); pruned and failed trials have no point. */
  function objectiveChart(study) {
    const done = study.trials.filter((t) => t.objective !== null && t.state !== 'RUNNING' && t.state !== 'QUEUED');
    const xs = study.trials.map((t) => t.number);
    const better = (a, b) => study.objective.direction === 'maximize' ? a > b : a < b;
    let best = null;
    const values = study.trials.map((t) => t.objective !== null && t.state === 'SUCCEEDED' ? t.objective : null);
    const running = values.map((v) => { if (v !== null && (best === null || better(v, best))) best = v; return best; });
    const box = el('figure', {class: 'chart', id: 'objective-chart', 'aria-label': study.objective.metric + ' by trial'},
      el('h3', {}, study.objective.metric + ' by trial'));
    if (xs.length) {
      new uPlot({width: 440, height: 220, scales: {x: {time: false}},
        axes: [{label: 'trial', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500]}, {values: (u, ticks) => ticks.map((t) => fmt(t))}],
        series: [{label: 'trial'}, {label: study.objective.metric, stroke: COLORS[0], width: 0,
          points: {show: true, size: 7, fill: COLORS[0]}}, {label: 'best so far', stroke: COLORS[2], width: 2}]},
        [xs, values, running], box);
    }
    box.appendChild(el('figcaption', {}, done.length + ' trials with an objective' + (best !== null ? '; best ' + fmt(best) : '')));
    return box;
  }

  /** A parallel-coordinates plot (SVG): an axis per numeric parameter and the objective; a line per trial. */
  function parallelCoordinates(study) {
    const NS = 'http://www.w3.org/2000/svg';
    const svgEl = (tag, attrs) => { const n = document.createElementNS(NS, tag); for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v); return n; };
    const {columns, rows} = trialColumns(study.trials);
    const axes = columns.filter((c) => rows.some((r) => r[c] !== undefined)).map((c) => {
      const raw = rows.map((r) => r[c]);
      const numeric = raw.every((v) => v === undefined || typeof v === 'number');
      const levels = numeric ? null : Array.from(new Set(raw.filter((v) => v !== undefined).map(String)));
      const nums = raw.filter((v) => typeof v === 'number');
      const log = numeric && nums.length && Math.min(...nums) > 0 && Math.max(...nums) / Math.min(...nums) > 100;
      const tr = (v) => numeric ? (log ? Math.log10(v) : v) : levels.indexOf(String(v));
      const vals = raw.filter((v) => v !== undefined).map(tr);
      return {name: c, log: log, levels: levels, tr: tr, min: Math.min(...vals), max: Math.max(...vals), key: (r) => r[c]};
    });
    axes.push({name: study.objective.metric, tr: (v) => v, levels: null, log: false, key: (r, t) => t.objective,
      min: Math.min(...study.trials.filter((t) => t.objective !== null).map((t) => t.objective)),
      max: Math.max(...study.trials.filter((t) => t.objective !== null).map((t) => t.objective))});
    const width = Math.max(440, 170 * axes.length), height = 260, top = 30, bottom = 40, left = 90;
    const step = axes.length > 1 ? (width - 2 * left) / (axes.length - 1) : 0;
    const svg = svgEl('svg', {width: width, height: height, role: 'img', id: 'parallel',
      'aria-label': 'parallel coordinates: ' + axes.map((a) => a.name).join(', ')});
    const y = (a, v) => a.max === a.min ? (top + height - bottom) / 2 : top + (1 - (v - a.min) / (a.max - a.min)) * (height - top - bottom);
    const ranked = study.trials.filter((t) => t.objective !== null).map((t) => t.objective).sort((a, b) => a - b);
    study.trials.forEach((t, i) => {
      const points = [];
      axes.forEach((a, j) => { const v = a.key(rows[i], t); if (v !== undefined && v !== null && !(typeof v === 'number' && isNaN(v))) points.push([left + j * step, y(a, a.tr(v))]); });
      if (points.length < 2) return;
      const rank = t.objective === null ? 1 : ranked.indexOf(t.objective) / Math.max(1, ranked.length - 1);
      const good = study.objective.direction === 'maximize' ? rank : 1 - rank;
      const line = svgEl('polyline', {points: points.map((p) => p.join(',')).join(' '), fill: 'none',
        stroke: t.state === 'SUCCEEDED' ? 'hsl(' + Math.round(20 + 190 * good) + ',70%,40%)' : '#9ca3af',
        'stroke-width': study.bestTrial && study.bestTrial.number === t.number ? 3 : 1.3,
        'stroke-dasharray': t.state === 'PRUNED' ? '4 3' : 'none', 'data-trial': t.number});
      const title = svgEl('title', {});
      title.textContent = 'trial ' + t.number + ' (' + t.state + '): ' + fmt(t.objective);
      line.appendChild(title);
      svg.appendChild(line);
    });
    axes.forEach((a, j) => {
      const x = left + j * step;
      svg.appendChild(svgEl('line', {x1: x, x2: x, y1: top, y2: height - bottom, stroke: '#1b1f24'}));
      const label = svgEl('text', {x: x, y: height - bottom + 18, 'text-anchor': 'middle', 'font-size': 11});
      label.textContent = a.name.split('.').slice(-2).join('.').replace(/^hyperparameters\./, '') + (a.log ? ' (log)' : '');
      svg.appendChild(label);
      const ends = a.levels ? [a.levels[0], a.levels[a.levels.length - 1]] : [a.log ? Math.pow(10, a.min) : a.min, a.log ? Math.pow(10, a.max) : a.max];
      [[ends[1], top - 6], [ends[0], height - bottom + 32]].forEach(([v, yy]) => {
        const t = svgEl('text', {x: x, y: yy, 'text-anchor': 'middle', 'font-size': 10, fill: '#4b5563'});
        t.textContent = fmt(v);
        svg.appendChild(t);
      });
    });
    return el('figure', {class: 'chart wide'}, el('h3', {}, 'Parameters and ' + study.objective.metric), svg,
      el('figcaption', {}, 'one line per trial; pruned trials dashed, unfinished grey; the best trial thick'));
  }

  async function studyPage(id) {
    let study;
    try { study = await api('/studies/' + id); } catch (e) { fail(e); return; }
    const final = ['COMPLETED', 'CANCELLED', 'FAILED'].includes(study.status);
    const counts = Object.entries(study.counts).map(([k, v]) => v + ' ' + k.toLowerCase()).join(', ');
    const facts = el('dl', {class: 'facts'},
      el('dt', {}, 'status'), el('dd', {id: 'study-status'}, statusCell(study.status), study.reason ? ' — ' + study.reason : ''),
      el('dt', {}, 'objective'), el('dd', {}, study.objective.direction + ' ' + study.objective.metric),
      el('dt', {}, 'search'), el('dd', {}, study.algorithm + ', pruner ' + study.pruner.type + ', seed ' + study.seed
        + ', ' + study.parallelism + ' at once'),
      el('dt', {}, 'trials'), el('dd', {}, study.trials.length + ' of ' + study.maxTrials + (counts ? ' (' + counts + ')' : '')
        + ' · ' + study.epochsTrained + ' epochs trained'),
      el('dt', {}, 'best'), el('dd', {id: 'best-trial'}, study.bestTrial ? ['trial ' + study.bestTrial.number + ': ' + fmt(study.bestTrial.objective) + ' (',
        el('a', {href: '#/runs/' + study.bestTrial.runId}, 'run ' + short(study.bestTrial.runId)), ')'] : 'none yet'),
      el('dt', {}, 'importance'), el('dd', {}, Object.entries(study.importance).map(([k, v]) => k + ' ' + fmt(v)).join(' · ') || 'after 3 trials'));
    const actions = el('div', {class: 'actions'},
      el('button', {type: 'button', onclick: () => download('/studies/' + id + '/trials?format=csv', 'study-' + short(id) + '.csv').catch((e) => say(e.message))}, 'Download trials (CSV)'),
      study.bestTrial ? el('button', {type: 'button', id: 'retrain', onclick: async () => {
        try { const r = await api('/studies/' + id + '/best/retrain', {method: 'POST'}); location.hash = '#/runs/' + r.runId; } catch (e) { say(e.message); }
      }}, 'Retrain best on train + validation') : null,
      final ? null : el('button', {type: 'button', class: 'danger', id: 'cancel-study', onclick: async () => {
        try { await api('/studies/' + id + '/cancel', {method: 'POST'}); say('asked the study to stop'); } catch (e) { say(e.message); }
      }}, 'Cancel study'));
    const {columns, rows} = trialColumns(study.trials);
    const table = el('table', {id: 'trials'}, el('caption', {class: 'visually-hidden'}, 'Trials of the study'),
      el('thead', {}, el('tr', {}, ['trial', 'state', study.objective.metric, 'best epoch', 'epochs'].concat(columns, ['reason'])
        .map((h) => el('th', {scope: 'col'}, h)))),
      el('tbody', {}, study.trials.map((t, i) => el('tr', {'data-trial': t.number},
        el('td', {}, t.runId ? el('a', {href: '#/runs/' + t.runId}, String(t.number)) : String(t.number)),
        el('td', {}, statusCell(t.state)), el('td', {class: 'num'}, fmt(t.objective)), el('td', {class: 'num'}, fmt(t.bestEpoch)),
        el('td', {class: 'num'}, t.epochs), columns.map((c) => el('td', {class: 'num'}, fmt(rows[i][c]))), el('td', {}, t.reason || '')))));
    view.replaceChildren(el('h1', {}, 'Study ', el('code', {}, study.name)), facts, actions,
      el('div', {class: 'charts'}, objectiveChart(study), study.trials.length ? parallelCoordinates(study) : null),
      el('h2', {}, 'Trials'), table);
    if (!final) {
      const timer = setTimeout(() => { if (location.hash === '#/studies/' + id) studyPage(id); }, 3000);
      cleanups.push(() => clearTimeout(timer));
    }
    say('study ' + study.name + ': ' + study.status);
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
    else if ((m = path.match(/^#\/studies\/([0-9a-f-]{36})$/))) await studyPage(m[1]);
    else if (path === '#/studies') await studiesList(params);
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
