// The kit's additions to porcupine's page (see porcupine.go): a time axis
// in milliseconds of virtual time, times in milliseconds in the tooltips,
// and the page opens at the first operation no order can place. It runs
// after porcupine's own script has drawn the page, and reads what that
// drew: the operations' boxes (rect.target-rect, with data-partition and
// data-index) and their times (data.Partitions[p].History[i]).
/* global data, distlabPage */
;(function () {
  'use strict'
  const body = document.body
  try {
    // Porcupine prints call and return times in nanoseconds.
    // eslint-disable-next-line no-global-assign
    formatCallReturn = function (call, ret) {
      return '<br><br>Call: ' + ms(call) + '<br><br>Return: ' + ms(ret)
    }

    // What the page is, under porcupine's legend (which stays put at the
    // top left), and the operations below both.
    const legend = document.querySelector('#legend')
    const note = document.createElement('div')
    note.id = 'distlab-note'
    note.style.cssText = 'font-size: 13px; margin: 2px 4px; max-width: 660px;'
    note.textContent = distlabPage.title + ': time is virtual, in ms (axis below the rows). Hover over an operation for the client that called it, the server that replied and the events; the page opens at the first operation no order can place.'
    legend.append(note)
    document.querySelector('#canvas').style.marginTop = legend.getBoundingClientRect().height + 20 + 'px'

    const svg = document.querySelector('#canvas svg')
    const points = samples()
    if (svg && points.length >= 2) {
      axis(svg, points)
    }

    // Open at the first error, as porcupine's "jump to first error" does,
    // at once rather than smoothly.
    const jump = document.querySelector('#jump-link')
    if (jump && !jump.classList.contains('inactive')) {
      const scroll = Element.prototype.scrollIntoView
      Element.prototype.scrollIntoView = function (options) {
        scroll.call(this, {...options, behavior: 'instant'})
      }
      try {
        jump.dispatchEvent(new MouseEvent('click'))
      } finally {
        Element.prototype.scrollIntoView = scroll
      }
      body.dataset.distlabOpened = 'first-error'
      body.dataset.distlabScrollX = String(Math.round(window.scrollX))
    }
    body.dataset.distlabReady = 'true'
  } catch (error) {
    body.dataset.distlabError = String(error)
    throw error
  }

  function ms(ns) {
    return (Number(ns) / 1e6).toFixed(3) + ' ms'
  }

  // samples returns [x, ns] pairs, sorted by time, x never decreasing:
  // where the page drew each operation's call and return.
  function samples() {
    const raw = []
    for (const r of document.querySelectorAll('rect.target-rect')) {
      const p = Number(r.dataset.partition)
      const i = Number(r.dataset.index)
      if (p >= data.Partitions.length) {
        continue // an annotation: its times are not on the page
      }
      const element = data.Partitions[p].History[i]
      const x = Number(r.getAttribute('x'))
      const w = Number(r.getAttribute('width'))
      raw.push([x, Number(element.OriginalStart)], [x + w, Number(element.OriginalEnd)])
    }
    raw.sort((a, b) => a[1] - b[1] || a[0] - b[0])
    const out = []
    for (const [x, t] of raw) {
      if (out.length > 0 && out.at(-1)[1] === t) {
        continue
      }
      out.push([out.length > 0 ? Math.max(x, out.at(-1)[0]) : x, t])
    }
    return out
  }

  // at interpolates between samples: the x of time t, or the time at x.
  function at(points, value, from, to) {
    let lo = 0
    let hi = points.length - 1
    if (value <= points[lo][from]) {
      return points[lo][to]
    }
    if (value >= points[hi][from]) {
      return points[hi][to]
    }
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1
      if (points[mid][from] <= value) {
        lo = mid
      } else {
        hi = mid
      }
    }
    const [a, b] = [points[lo], points[hi]]
    if (b[from] === a[from]) {
      return a[to]
    }
    return a[to] + ((value - a[from]) * (b[to] - a[to])) / (b[from] - a[from])
  }

  // nice rounds a step up to 1, 2 or 5 times a power of ten.
  function nice(step) {
    const p = 10 ** Math.floor(Math.log10(step))
    for (const m of [1, 2, 5, 10]) {
      if (m * p >= step) {
        return m * p
      }
    }
    return 10 * p
  }

  // axis draws a time axis under the operations, and a faint line per
  // tick across them. Porcupine spaces operations evenly, not by time, so
  // the ticks are evenly spaced and their times are not: each tick is put
  // where the time it names falls, between the calls and returns around it.
  function axis(svg, points) {
    const width = Number(svg.getAttribute('width'))
    const height = Number(svg.getAttribute('height'))
    const bg = svg.querySelector('g')
    const ns = 'http://www.w3.org/2000/svg'
    const bar = document.createElementNS(ns, 'svg')
    bar.id = 'distlab-axis'
    bar.setAttribute('width', width)
    bar.setAttribute('height', 28)
    bar.style.cssText = 'position: sticky; bottom: 0; background: #fff; display: block;'
    const first = points[0][0]
    const last = points.at(-1)[0]
    const label = document.createElementNS(ns, 'text')
    label.setAttribute('x', 10)
    label.setAttribute('y', 18)
    label.setAttribute('font-size', 12)
    label.textContent = 'time (ms)'
    bar.append(label)
    const line = document.createElementNS(ns, 'line')
    for (const [k, v] of Object.entries({x1: first, x2: last, y1: 2, y2: 2, stroke: '#000'})) {
      line.setAttribute(k, v)
    }
    bar.append(line)
    let previous = -Infinity
    let ticks = 0
    for (let x = first; x <= last + 0.5; x += 90) {
      // The time under x, rounded to a step fit for the times nearby.
      const t = at(points, x, 0, 1)
      const local = Math.abs(at(points, x + 45, 0, 1) - at(points, x - 45, 0, 1))
      const step = nice(Math.max(local / 2, 1000))
      const rounded = Math.round(t / step) * step
      const tx = at(points, rounded, 1, 0)
      if (tx - previous < 60 || tx < first - 0.5 || tx > last + 0.5) {
        continue
      }
      previous = tx
      ticks++
      const tick = document.createElementNS(ns, 'line')
      for (const [k, v] of Object.entries({x1: tx, x2: tx, y1: 2, y2: 8, stroke: '#000'})) {
        tick.setAttribute(k, v)
      }
      tick.setAttribute('class', 'distlab-tick')
      const text = document.createElementNS(ns, 'text')
      for (const [k, v] of Object.entries({x: tx, y: 22, 'font-size': 11, 'text-anchor': 'middle'})) {
        text.setAttribute(k, v)
      }
      text.textContent = String(Number((rounded / 1e6).toFixed(6))) + ' ms'
      bar.append(tick, text)
      const grid = document.createElementNS(ns, 'line')
      for (const [k, v] of Object.entries({x1: tx, x2: tx, y1: 0, y2: height, stroke: '#ddd'})) {
        grid.setAttribute(k, v)
      }
      grid.setAttribute('pointer-events', 'none')
      bg.append(grid)
    }
    bar.dataset.ticks = ticks
    svg.after(bar)
  }
})()
