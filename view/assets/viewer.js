// The run viewer: a space-time diagram on a canvas, a virtualized event
// list, and the state of the selected event's node. Everything it shows
// comes from the trace embedded in the page (see SCHEMA.md).
"use strict";
(function () {
  const T0 = performance.now();
  const trace = JSON.parse(document.getElementById("trace").textContent);
  const $ = (id) => document.getElementById(id);
  const LANE = 30, AXIS = 22, ROW = 18, PAD = 8;
  const COLORS = {
    send: "#4a7fd4", deliver: "#4a7fd4", drop: "#d33", duplicate: "#e08a00", timer: "#888",
    start: "#2a2", crash: "#d00", restart: "#06c", pause: "#c90", resume: "#c90",
    custom: "#8a2be2", network: "#555", world: "#999",
  };
  const KIND = { start: 1, send: 2, deliver: 3, drop: 4, duplicate: 5, timer: 6, crash: 7, restart: 8, pause: 9, resume: 10, network: 11, custom: 12, log: 13, world: 14 };
  const DROP = { loss: "#d33", cut: "#a0a", down: "#333", restarted: "#333" };

  const api = { firstPaint: 0, draws: 0, last: null, selected: 0 };
  // for the tests: draw now, fit the whole run, zoom to a fraction of it
  // around a point, filter by a search, render the visible rows
  api.draw = () => draw();
  api.fit = () => fitView();
  api.zoom = (at, frac) => { const s = M.end * frac; view.t0 = M.end * at - s / 2; view.t1 = view.t0 + s; };
  api.filter = (q) => { $("fsearch").value = q; applyFilters(); return filtered.length; };
  api.renderRows = () => renderRows();
  window.viewer = api;

  let W = null;          // the world shown
  let M = null;          // what the page worked out from it
  let view = { t0: 0, t1: 1 };
  let filtered = [];     // positions in W.events that the filters let through
  let sel = -1;          // position of the selected event in W.events

  // ----- time -----
  function fmtTime(ns) {
    const a = Math.abs(ns);
    if (a >= 1e9) return (ns / 1e9).toFixed(a >= 1e10 ? 1 : 3).replace(/\.?0+$/, "") + " s";
    if (a >= 1e6) return (ns / 1e6).toFixed(3).replace(/\.?0+$/, "") + " ms";
    if (a >= 1e3) return (ns / 1e3).toFixed(3).replace(/\.?0+$/, "") + " µs";
    return ns === 0 ? "0" : ns + " ns";
  }
  function niceStep(span, n) {
    const raw = span / n, p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
    return 10 * p;
  }
  function lowerBound(arr, t, key) {
    let lo = 0, hi = arr.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (key(arr[m]) < t) lo = m + 1; else hi = m; }
    return lo;
  }

  // ----- the model of a world -----
  // decode turns the page's columns (see page.go) into events and state
  // changes shaped as in the JSON trace.
  function decode(w) {
    if (w.events) return;
    const c = w.ev, S = w.strings || [], n = c.t.length, events = new Array(n), X = c.x || {};
    const name = (id) => (id >= 0 && id < w.nodes.length ? w.nodes[id].name : "-");
    for (let j = 0; j < n; j++) {
      const e = { i: c.i[j], t: c.t[j], kind: S[c.k[j]], node: c.n[j], peer: c.p[j], from: c.f[j],
        type: c.y[j] >= 0 ? S[c.y[j]] : "", detail: c.d[j] >= 0 ? S[c.d[j]] : "", msg: c.m[j] >= 0 ? S[c.m[j]] : "" };
      e.text = X[j] !== undefined ? X[j] : line(e, name);
      events[j] = e;
    }
    w.events = events;
    w.states = w.st.map((r) => {
      const s = { event: r[0], node: r[1], reset: !!(r[2] & 1), down: !!(r[2] & 2), changes: [] };
      let j = 3;
      for (; j < r.length && r[j] !== -1; j += 2) s.changes.push({ path: r[j], new: r[j + 1] });
      for (j++; j < r.length; j++) s.changes.push({ path: r[j], gone: true });
      return s;
    });
    delete w.ev; delete w.st;
  }
  // line is the event's -events line (page.go's line, sim's FormatEvent).
  function line(e, name) {
    let rest;
    switch (e.kind) {
      case "send": case "duplicate": rest = "-> " + name(e.peer) + " " + e.msg; break;
      case "deliver": rest = "<- " + name(e.peer) + " " + e.msg; break;
      case "drop": rest = "-> " + name(e.peer) + " (" + e.detail + ") " + e.msg; break;
      case "custom": rest = e.msg; break;
      default: rest = e.detail;
    }
    const us = Math.floor(e.t / 1000), sec = Math.floor(us / 1e6), frac = String(us % 1e6).padStart(6, "0");
    const time = (sec + "." + frac + "s").padStart(12);
    return (time + " #" + String(e.i).padEnd(6) + " " + name(e.node).padEnd(8) + " " + e.kind.padEnd(9) + " " + rest).replace(/ +$/, "");
  }
  function prepare(w) {
    decode(w);
    const m = { lanes: [], laneOf: new Map(), types: new Set(), kinds: new Set(), maxSpan: 0,
      down: [], paused: [], byNode: new Map(), states: new Map(), opLanes: new Map() };
    const last = w.events.length ? w.events[w.events.length - 1].i : 0, at = new Int32Array(last + 1).fill(-1);
    m.pos = { get: (i) => (i >= 0 && i <= last && at[i] >= 0 ? at[i] : undefined), has: (i) => i >= 0 && i <= last && at[i] >= 0 };
    w.nodes.forEach((n) => { m.laneOf.set(n.id, m.lanes.length); m.lanes.push({ name: n.name, node: n.id }); });
    (w.ops || []).forEach((o) => {
      if (o.node >= 0) return;
      if (!m.opLanes.has(o.client)) { m.opLanes.set(o.client, m.lanes.length); m.lanes.push({ name: "client " + o.client, node: -1 }); }
    });
    const downAt = new Map(), pauseAt = new Map();
    w.events.forEach((e, p) => { at[e.i] = p; });
    w.events.forEach((e, p) => {
      m.kinds.add(e.kind);
      if (e.type) m.types.add(e.type);
      if (e.from && (e.kind === "deliver" || e.kind === "drop")) {
        const s = w.events[m.pos.get(e.from)];
        if (s) m.maxSpan = Math.max(m.maxSpan, e.t - s.t);
      }
      if (e.kind === "crash") downAt.set(e.node, e.t);
      if (e.kind === "start" && downAt.has(e.node)) { m.down.push({ node: e.node, t0: downAt.get(e.node), t1: e.t }); downAt.delete(e.node); }
      if (e.kind === "pause") pauseAt.set(e.node, e.t);
      if (e.kind === "resume" && pauseAt.has(e.node)) { m.paused.push({ node: e.node, t0: pauseAt.get(e.node), t1: e.t }); pauseAt.delete(e.node); }
    });
    downAt.forEach((t, n) => m.down.push({ node: n, t0: t, t1: w.end_ns }));
    pauseAt.forEach((t, n) => m.paused.push({ node: n, t0: t, t1: w.end_ns }));
    (w.states || []).forEach((s) => {
      if (!m.states.has(s.node)) m.states.set(s.node, []);
      m.states.get(s.node).push(s);
    });
    // The diagram spans the events and operations; a world that ran idle
    // after them is not drawn to its end.
    m.end = w.events.length ? w.events[w.events.length - 1].t : 0;
    (w.ops || []).forEach((o) => { if (o.return_ns > m.end) m.end = o.return_ns; });
    if (m.end <= 0) m.end = Math.max(w.end_ns, 1);
    m.brokenPos = w.broken && w.broken.event ? m.pos.get(w.broken.event) : undefined;
    if (w.broken && !w.broken.event && w.events.length) m.brokenPos = w.events.length - 1;
    m.cache = new Map();
    m.firstBad = w.linearizability && w.linearizability.first_bad >= 0 ? w.ops[w.linearizability.first_bad] : null;
    return m;
  }
  function laneOfEvent(e) { return M.laneOf.has(e.node) ? M.laneOf.get(e.node) : -1; }
  function laneOfOp(o) { return o.node >= 0 ? M.laneOf.get(o.node) : M.opLanes.get(o.client); }

  // ----- the diagram -----
  const canvas = $("canvas"), ctx = canvas.getContext("2d"), wrap = $("canvaswrap");
  let CW = 1, CH = 1; // the canvas's size in CSS pixels, kept by resize (reading it costs a layout check)
  function x(t) { return PAD + (t - view.t0) / (view.t1 - view.t0) * (CW - 2 * PAD); }
  function tAt(px) { return view.t0 + (px - PAD) / (CW - 2 * PAD) * (view.t1 - view.t0); }
  function y(lane) { return AXIS + lane * LANE + LANE / 2; }

  function resize() {
    const dpr = window.devicePixelRatio || 1;
    CW = Math.max(wrap.clientWidth, 1); CH = Math.max(wrap.clientHeight, 1);
    canvas.width = CW * dpr; canvas.height = CH * dpr;
    canvas.style.width = CW + "px"; canvas.style.height = CH + "px";
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    draw();
  }
  let pending = false;
  function redraw() { if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; draw(); }); } }

  function draw() {
    const tstart = performance.now(), Wd = CW, H = CH;
    const c = { arrows: 0, lines: 0, drops: 0, marks: {}, partitions: 0, ops: 0, broken: 0, lanes: M.lanes.length };
    ctx.clearRect(0, 0, Wd, H);
    ctx.font = "11px ui-monospace, monospace";
    // partitions
    for (const s of W.partitions || []) {
      if (s.end_ns < view.t0 || s.start_ns > view.t1) continue;
      ctx.fillStyle = "rgba(200,0,200,0.08)";
      const a = Math.max(x(s.start_ns), 0), b = Math.min(x(s.end_ns), Wd);
      ctx.fillRect(a, AXIS, Math.max(b - a, 1), H - AXIS);
      ctx.fillStyle = "#a0a"; ctx.fillText("partition", a + 2, AXIS + 10);
      c.partitions++;
    }
    // lanes, down and paused stretches
    M.lanes.forEach((l, i) => {
      ctx.strokeStyle = "#ccc"; ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(0, y(i)); ctx.lineTo(Wd, y(i)); ctx.stroke();
    });
    for (const [list, color] of [[M.down, "rgba(0,0,0,0.18)"], [M.paused, "rgba(220,160,0,0.3)"]]) {
      for (const d of list) {
        if (d.t1 < view.t0 || d.t0 > view.t1) continue;
        const lane = M.laneOf.get(d.node);
        ctx.fillStyle = color;
        ctx.fillRect(x(d.t0), y(lane) - 5, Math.max(x(d.t1) - x(d.t0), 1), 10);
      }
    }
    // time axis
    const span = view.t1 - view.t0, step = niceStep(span, Math.max(2, Wd / 110));
    ctx.fillStyle = "#444"; ctx.strokeStyle = "#eee";
    for (let t = Math.ceil(view.t0 / step) * step; t <= view.t1; t += step) {
      const px = x(t);
      ctx.beginPath(); ctx.moveTo(px, AXIS - 4); ctx.lineTo(px, H); ctx.stroke();
      ctx.fillText(fmtTime(Math.round(t)), px + 2, 12);
    }
    // events in view (and the deliveries whose sends are in view)
    const ev = W.events;
    const from = lowerBound(ev, view.t0, (e) => e.t), to = lowerBound(ev, view.t1 + M.maxSpan + 1, (e) => e.t);
    const arrows = new Path2D(), drops = new Map();
    const marks = [];
    // Zoomed out over many events, lines and marks that fall on the same
    // pixels are drawn once.
    const dense = to - from > 20000, seen = new Set();
    const once = (k) => { if (!dense) return true; if (seen.has(k)) return false; seen.add(k); return true; };
    for (let p = from; p < to; p++) {
      const e = ev[p];
      if ((e.kind === "deliver" || e.kind === "drop") && e.from) {
        const s = ev[M.pos.get(e.from)];
        if (!s || e.t < view.t0 && s.t < view.t0 || s.t > view.t1) continue;
        const la = M.laneOf.get(s.node), lb = M.laneOf.get(e.kind === "deliver" ? e.node : e.peer);
        const x0 = x(s.t), x1 = x(e.t);
        c.arrows += e.kind === "deliver" ? 1 : 0;
        if (!once(((((x0 | 0) * 8192 + (x1 | 0)) * 64 + la) * 64 + lb) * 2 + (e.kind === "deliver" ? 0 : 1))) continue;
        if (e.kind === "deliver") {
          arrows.moveTo(x0, y(la)); arrows.lineTo(x1, y(lb)); c.lines++;
          if (!dense) arrowHead(arrows, x0, y(la), x1, y(lb));
        } else {
          const col = DROP[e.detail] || "#d33";
          if (!drops.has(col)) drops.set(col, new Path2D());
          const dp = drops.get(col), ex = x(e.t), ey = y(lb);
          dp.moveTo(x(s.t), y(la)); dp.lineTo(ex, ey);
          dp.moveTo(ex - 4, ey - 4); dp.lineTo(ex + 4, ey + 4); dp.moveTo(ex - 4, ey + 4); dp.lineTo(ex + 4, ey - 4);
          c.drops++;
        }
      }
      if (e.t < view.t0 || e.t > view.t1) continue;
      if (e.kind !== "send" && e.kind !== "deliver") {
        c.marks[e.kind] = (c.marks[e.kind] || 0) + 1;
        if (e.kind === "drop" || once(-(((x(e.t) | 0) * 64 + (laneOfEvent(e) + 1)) * 32 + KIND[e.kind]))) marks.push(e);
      }
    }
    const tb = performance.now();
    ctx.lineWidth = 1; ctx.strokeStyle = "rgba(60,110,200,0.7)"; ctx.stroke(arrows);
    ctx.setLineDash([3, 3]);
    for (const [col, path] of drops) { ctx.strokeStyle = col; ctx.stroke(path); }
    ctx.setLineDash([]);
    const ts = performance.now();
    for (const e of marks) drawMark(e);
    const tm = performance.now();
    // client operations
    for (const o of W.ops || []) {
      const end = o.return_ns >= 0 ? o.return_ns : M.end;
      if (end < view.t0 || o.call_ns > view.t1) continue;
      const lane = laneOfOp(o), yy = y(lane) + 6, bad = M.firstBad === o;
      ctx.fillStyle = bad ? "#e33" : o.return_ns >= 0 ? "rgba(40,160,80,0.6)" : "rgba(150,150,150,0.5)";
      ctx.fillRect(x(o.call_ns), yy, Math.max(x(end) - x(o.call_ns), 2), 6);
      c.ops++;
    }
    // the broken invariant
    if (M.brokenPos !== undefined) {
      const e = ev[M.brokenPos];
      if (e.t >= view.t0 && e.t <= view.t1) {
        ctx.strokeStyle = "#d00"; ctx.lineWidth = 2;
        ctx.beginPath(); ctx.moveTo(x(e.t), AXIS); ctx.lineTo(x(e.t), H); ctx.stroke();
        ctx.fillStyle = "#d00"; ctx.fillText("broken #" + e.i, x(e.t) + 3, AXIS + 22);
        c.broken++;
      }
    }
    // the selection
    if (sel >= 0) {
      const e = ev[sel], l = laneOfEvent(e);
      ctx.strokeStyle = "#000"; ctx.lineWidth = 2;
      ctx.beginPath();
      if (l >= 0) ctx.arc(x(e.t), y(l), 7, 0, 2 * Math.PI); else { ctx.moveTo(x(e.t), AXIS); ctx.lineTo(x(e.t), H); }
      ctx.stroke();
      if (e.from && M.pos.has(e.from)) {
        const s = ev[M.pos.get(e.from)], ls = laneOfEvent(s);
        const lt = M.laneOf.get(e.kind === "deliver" ? e.node : e.peer);
        ctx.beginPath(); ctx.moveTo(x(s.t), y(ls)); ctx.lineTo(x(e.t), y(lt)); ctx.stroke();
      }
    }
    c.ms = { build: tb - tstart, stroke: ts - tb, marks: tm - ts, rest: performance.now() - tm };
    api.draws++; api.last = c;
  }
  function arrowHead(path, x0, y0, x1, y1) {
    const a = Math.atan2(y1 - y0, x1 - x0), L = 5;
    path.moveTo(x1, y1); path.lineTo(x1 - L * Math.cos(a - 0.4), y1 - L * Math.sin(a - 0.4));
    path.moveTo(x1, y1); path.lineTo(x1 - L * Math.cos(a + 0.4), y1 - L * Math.sin(a + 0.4));
  }
  function drawMark(e) {
    const col = COLORS[e.kind] || "#888";
    if (e.kind === "network" || e.kind === "world") {
      ctx.strokeStyle = col; ctx.setLineDash([2, 4]); ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(x(e.t), AXIS); ctx.lineTo(x(e.t), CH); ctx.stroke();
      ctx.setLineDash([]);
      if (e.kind === "network") { ctx.fillStyle = col; ctx.fillText(e.detail || "network", x(e.t) + 2, CH - 4); }
      return;
    }
    const l = e.kind === "drop" || e.kind === "duplicate" ? M.laneOf.get(e.node) : laneOfEvent(e);
    if (l === undefined || l < 0) return;
    const px = x(e.t), py = y(l);
    ctx.fillStyle = col; ctx.strokeStyle = col; ctx.lineWidth = 2;
    switch (e.kind) {
      case "timer": ctx.fillRect(px - 1, py - 6, 2, 6); break;
      case "start": case "restart": ctx.beginPath(); ctx.arc(px, py, 4, 0, 2 * Math.PI); ctx.fill(); break;
      case "crash":
        ctx.beginPath(); ctx.moveTo(px - 6, py - 6); ctx.lineTo(px + 6, py + 6); ctx.moveTo(px - 6, py + 6); ctx.lineTo(px + 6, py - 6); ctx.stroke(); break;
      case "pause": case "resume": ctx.fillRect(px - 2, py - 8, 4, 16); break;
      case "duplicate": ctx.beginPath(); ctx.arc(px, py, 3, 0, 2 * Math.PI); ctx.stroke(); break;
      case "custom": {
        ctx.beginPath(); ctx.moveTo(px, py - 6); ctx.lineTo(px + 5, py); ctx.lineTo(px, py + 6); ctx.lineTo(px - 5, py); ctx.fill();
        const label = (e.type || "custom").replace(/^.*\./, "");
        ctx.fillText(label, px + 6, py - 6);
        break;
      }
      case "drop": break; // drawn with its line
      default: ctx.fillRect(px - 2, py - 2, 4, 4);
    }
  }

  // ----- interaction with the diagram -----
  let drag = null;
  canvas.addEventListener("mousedown", (ev) => { drag = { x: ev.offsetX, t0: view.t0, t1: view.t1, moved: false }; });
  window.addEventListener("mouseup", (ev) => {
    if (drag && !drag.moved && ev.target === canvas) pick(ev.offsetX, ev.offsetY);
    drag = null;
  });
  canvas.addEventListener("mousemove", (ev) => {
    if (drag) {
      const dx = ev.offsetX - drag.x;
      if (Math.abs(dx) > 2) drag.moved = true;
      const dt = dx / (CW - 2 * PAD) * (drag.t1 - drag.t0);
      view.t0 = drag.t0 - dt; view.t1 = drag.t1 - dt; redraw();
      return;
    }
    const p = nearest(ev.offsetX, ev.offsetY), tip = $("tip");
    if (p < 0) { tip.hidden = true; return; }
    tip.hidden = false; tip.textContent = W.events[p].text.trim();
    tip.style.left = Math.min(ev.offsetX + 12, CW - 300) + "px"; tip.style.top = (ev.offsetY + 12) + "px";
  });
  canvas.addEventListener("mouseleave", () => { $("tip").hidden = true; });
  canvas.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const t = tAt(ev.offsetX), f = Math.exp(ev.deltaY * 0.002);
    let span = (view.t1 - view.t0) * f;
    span = Math.max(span, 1000);
    view.t0 = t - (t - view.t0) * f; view.t1 = view.t0 + span; redraw();
  }, { passive: false });
  $("fit").addEventListener("click", fit);
  function fitView() { view.t0 = -M.end * 0.01; view.t1 = M.end * 1.05; }
  function fit() { fitView(); redraw(); }
  // startView is the first view: the whole run, or for a long run the
  // 5,000 events up to where the invariant broke (or the end).
  function startView() {
    const ev = W.events;
    if (ev.length <= 20000) { fitView(); return; }
    const last = M.brokenPos !== undefined ? M.brokenPos : ev.length - 1;
    const first = Math.max(0, last - 5000);
    const span = Math.max(ev[last].t - ev[first].t, 1000);
    view.t0 = ev[first].t - span * 0.02; view.t1 = ev[last].t + span * 0.1;
  }

  // nearest returns the position of the event drawn nearest to a point, or -1.
  function nearest(px, py) {
    const lane = Math.round((py - AXIS - LANE / 2) / LANE);
    const ev = W.events, tol = 6 * (view.t1 - view.t0) / CW, t = tAt(px);
    let best = -1, bd = Infinity;
    for (let p = lowerBound(ev, t - tol, (e) => e.t); p < ev.length && ev[p].t <= t + tol; p++) {
      const e = ev[p], l = laneOfEvent(e);
      if (l !== lane) continue;
      const d = Math.abs(x(e.t) - px);
      if (d < bd) { bd = d; best = p; }
    }
    if (best < 0) { // an operation?
      for (const o of W.ops || []) {
        const end = o.return_ns >= 0 ? o.return_ns : M.end;
        if (laneOfOp(o) === lane && t >= o.call_ns - tol && t <= end + tol && o.call_event && M.pos.has(o.call_event)) return M.pos.get(o.call_event);
      }
    }
    return best;
  }
  function pick(px, py) { const p = nearest(px, py); if (p >= 0) select(p, true); }

  // ----- the event list -----
  const list = $("list"), rows = $("rows"), spacer = $("spacer");
  function applyFilters() {
    const node = $("fnode").value, kind = $("fkind").value, type = $("ftype").value;
    const fromMs = parseFloat($("ffrom").value), toMs = parseFloat($("fto").value);
    const q = $("fsearch").value.toLowerCase();
    const nodeId = node === "" ? null : Number(node);
    const t0 = isNaN(fromMs) ? -Infinity : fromMs * 1e6, t1 = isNaN(toMs) ? Infinity : toMs * 1e6;
    filtered = [];
    W.events.forEach((e, p) => {
      if (nodeId !== null && e.node !== nodeId && e.peer !== nodeId) return;
      if (kind && e.kind !== kind) return;
      if (type && e.type !== type) return;
      if (e.t < t0 || e.t > t1) return;
      if (q && e.text.toLowerCase().indexOf(q) < 0) return;
      filtered.push(p);
    });
    $("count").textContent = filtered.length + " of " + W.events.length + " events";
    spacer.style.height = filtered.length * ROW + "px";
    renderRows();
  }
  function renderRows() {
    const first = Math.max(0, Math.floor(list.scrollTop / ROW) - 5);
    const last = Math.min(filtered.length, first + Math.ceil(list.clientHeight / ROW) + 10);
    const frag = document.createDocumentFragment();
    for (let k = first; k < last; k++) {
      const p = filtered[k], e = W.events[p], d = document.createElement("div");
      d.className = "row" + (p === sel ? " sel" : "") + (p === M.brokenPos ? " broken" : "");
      d.style.top = k * ROW + "px"; d.textContent = e.text; d.dataset.pos = p;
      frag.appendChild(d);
    }
    rows.replaceChildren(frag);
  }
  list.addEventListener("scroll", renderRows);
  rows.addEventListener("click", (ev) => { const d = ev.target.closest(".row"); if (d) select(Number(d.dataset.pos), true); });
  for (const id of ["fnode", "fkind", "ftype"]) $(id).addEventListener("change", applyFilters);
  let typing = 0; // filters wait for a pause in typing: each pass reads every event
  for (const id of ["ffrom", "fto", "fsearch"]) $(id).addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(applyFilters, 120); });
  $("fwin").addEventListener("click", () => {
    $("ffrom").value = (Math.max(view.t0, 0) / 1e6).toFixed(3); $("fto").value = (view.t1 / 1e6).toFixed(3); applyFilters();
  });
  function step(d) {
    if (!filtered.length) return;
    let k = lowerBound(filtered, sel, (p) => p);
    if (d > 0) k = filtered[k] === sel ? k + 1 : k; else k = k - 1;
    k = Math.max(0, Math.min(filtered.length - 1, k));
    select(filtered[k], true);
  }
  $("prev").addEventListener("click", () => step(-1));
  $("next").addEventListener("click", () => step(1));
  document.addEventListener("keydown", (ev) => {
    if (ev.target.tagName === "INPUT" || ev.target.tagName === "SELECT") return;
    if (ev.key === "j" || ev.key === "ArrowDown") { step(1); ev.preventDefault(); }
    if (ev.key === "k" || ev.key === "ArrowUp") { step(-1); ev.preventDefault(); }
  });

  // select makes the event at position p the selected one, everywhere.
  function select(p, scroll) {
    sel = p; api.selected = W.events[p].i;
    const e = W.events[p];
    if (e.t < view.t0 || e.t > view.t1) { const s = view.t1 - view.t0; view.t0 = e.t - s / 2; view.t1 = e.t + s / 2; }
    if (scroll) {
      const k = lowerBound(filtered, p, (q) => q);
      if (filtered[k] === p) {
        const top = k * ROW;
        if (top < list.scrollTop || top > list.scrollTop + list.clientHeight - ROW) list.scrollTop = top - list.clientHeight / 3;
      }
    }
    renderRows(); redraw(); showState(e);
  }

  // ----- state -----
  // stateAt returns the fields of node after the last change at or before
  // event index i, and that change.
  function stateAt(node, i) {
    const ch = M.states.get(node) || [];
    const k = lowerBound(ch, i + 1, (s) => s.event) - 1;
    let c = M.cache.get(node);
    if (!c) { c = { k: -1, fields: new Map(), down: false, marks: [] }; M.cache.set(node, c); }
    if (c.k > k) { // back: from the last checkpoint before k
      let m = null;
      for (const cp of c.marks) if (cp.k <= k) m = cp;
      c.k = m ? m.k : -1; c.fields = m ? new Map(m.fields) : new Map(); c.down = m ? m.down : false;
    }
    for (let j = c.k + 1; j <= k; j++) {
      const s = ch[j];
      if (s.reset) c.fields = new Map();
      c.down = !!s.down;
      for (const f of s.changes || []) {
        if (f.old === undefined) f.old = s.reset ? "" : (c.fields.get(f.path) || "");
        if (f.gone) c.fields.delete(f.path); else c.fields.set(f.path, f.new);
      }
      if (j % 256 === 255 && !c.marks.some((m) => m.k === j)) c.marks.push({ k: j, fields: new Map(c.fields), down: c.down });
    }
    c.k = k;
    return { fields: c.fields, change: k >= 0 ? ch[k] : null, down: c.down };
  }
  function showState(e) {
    const head = $("statehead"), body = $("state").tBodies[0], opinfo = $("opinfo");
    body.replaceChildren();
    opinfo.hidden = true;
    const op = (W.ops || []).find((o) => o.call_event === e.i || o.return_event === e.i);
    if (op) {
      opinfo.hidden = false;
      opinfo.replaceChildren(document.createTextNode("operation of client " + op.client + ": " + op.input +
        (op.return_ns >= 0 ? "" : " (never returned)") + (op.server ? ", reply from " + op.server : "") + " "));
      if (op.call_event) opinfo.appendChild(evLink(op.call_event, "called #" + op.call_event));
      if (op.return_event) { opinfo.appendChild(document.createTextNode(" ")); opinfo.appendChild(evLink(op.return_event, "returned #" + op.return_event)); }
    }
    if (!M.laneOf.has(e.node) || e.node < 0) { head.textContent = "#" + e.i + " " + e.kind + " (no node)"; return; }
    const name = W.nodes[e.node].name, st = stateAt(e.node, e.i);
    if (!st.change) { head.textContent = name + ": no state recorded yet at #" + e.i; return; }
    const here = st.change.event === e.i;
    head.replaceChildren(document.createTextNode(name + " after #" + e.i + (here ? " (changed by this event)" : ", last changed by ")));
    if (!here) head.appendChild(evLink(st.change.event, "#" + st.change.event));
    if (st.down) head.appendChild(document.createTextNode(" — down (storage kept)"));
    const changed = new Map();
    for (const f of st.change.changes || []) changed.set(f.path, f);
    const paths = Array.from(st.fields.keys()).sort(collate);
    for (const f of st.change.changes || []) if (f.gone) paths.push(f.path);
    for (const path of paths) {
      const tr = document.createElement("tr"), f = changed.get(path);
      if (f) tr.className = f.gone ? "gone" : "changed";
      const a = document.createElement("td"), b = document.createElement("td");
      a.className = "path"; a.textContent = path;
      b.textContent = f && f.gone ? f.old : st.fields.get(path);
      if (f && !f.gone && f.old) { const o = document.createElement("span"); o.className = "old"; o.textContent = "  (was " + f.old + ")"; b.appendChild(o); }
      tr.append(a, b); body.appendChild(tr);
    }
  }
  const collator = new Intl.Collator(undefined, { numeric: true });
  function collate(a, b) { return collator.compare(a, b); }
  function evLink(i, text) {
    const a = document.createElement("a"); a.className = "ev"; a.textContent = text;
    a.addEventListener("click", () => { if (M.pos.has(i)) select(M.pos.get(i), true); });
    return a;
  }

  // ----- the page -----
  function showWorld(k) {
    W = trace.worlds[k]; M = prepare(W); sel = -1;
    const labels = $("labels");
    labels.replaceChildren();
    M.lanes.forEach((l, i) => {
      const d = document.createElement("div"); d.className = "lane-label"; d.textContent = l.name;
      d.style.top = (y(i) - 8) + "px"; labels.appendChild(d);
    });
    const fill = (id, values) => {
      const s = $(id); s.length = 1;
      for (const [v, t] of values) { const o = document.createElement("option"); o.value = v; o.textContent = t; s.appendChild(o); }
    };
    fill("fnode", W.nodes.map((n) => [n.id, n.name]));
    fill("fkind", Array.from(M.kinds).sort().map((k) => [k, k]));
    fill("ftype", Array.from(M.types).sort().map((t) => [t, t]));
    $("diagram").style.height = Math.max(160, AXIS + M.lanes.length * LANE + 10) + "px";
    verdict();
    startView(); resize(); applyFilters();
    if (M.brokenPos !== undefined) select(M.brokenPos, true);
    else if (M.firstBad && M.pos.has(M.firstBad.call_event)) select(M.pos.get(M.firstBad.call_event), true);
  }
  function verdict() {
    const v = $("verdict"), L = W.linearizability;
    v.hidden = !L; v.className = L && !L.ok ? "bad" : "";
    if (!L) return;
    v.replaceChildren(document.createTextNode(L.ok ? "porcupine: the operations are linearizable. " : "porcupine: not linearizable. "));
    if (!L.ok && L.first_bad >= 0) {
      const o = W.ops[L.first_bad];
      v.appendChild(document.createTextNode("First operation no order can place: client " + o.client + " " + o.input + " at " + fmtTime(o.call_ns) + " "));
      if (o.call_event) v.appendChild(evLink(o.call_event, "(#" + o.call_event + ")"));
      v.appendChild(document.createTextNode(" "));
    }
    if (L.page) { const a = document.createElement("a"); a.href = "file://" + L.page; a.textContent = "porcupine's page"; v.appendChild(a); }
  }
  $("title").textContent = (trace.test || "run") + ", seed " + trace.seed + (trace.worlds.length ? "" : ": this seed ran no simulation");
  if (trace.failure) {
    const f = $("failure"); f.hidden = false; f.textContent = trace.failure;
  }
  if (trace.worlds.length > 1) {
    $("worldpick").hidden = false;
    trace.worlds.forEach((w, i) => { const o = document.createElement("option"); o.value = i; o.textContent = (i + 1) + " of " + trace.worlds.length; $("world").appendChild(o); });
    $("world").addEventListener("change", () => showWorld(Number($("world").value)));
  }
  window.addEventListener("resize", resize);
  if (trace.worlds.length) {
    const k = trace.worlds.length - 1; // the failing world is the last one made
    $("world").value = String(k);
    showWorld(k);
  }
  requestAnimationFrame(() => { api.firstPaint = performance.now(); api.loadMs = api.firstPaint - T0; });
})();
