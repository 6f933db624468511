// The Sales Tech dashboard: every figure comes from the reporting API of this service, with the
// filters kept in the URL so that a view can be shared. No framework; ECharts from the WebJar.
"use strict";

const FILTERS = ["from", "to", "storeId", "productId", "promotion", "paid"];
const state = { from: "", to: "", storeId: "", productId: "", promotion: "", paid: "", grain: "month", metric: "revenue" };
const DEFAULTS = { grain: "month", metric: "revenue" };
const charts = {};
const lastData = {};
let newestSale = null;
let rowsQuery = null;

const $ = (id) => document.getElementById(id);
const money = new Intl.NumberFormat(undefined, { style: "currency", currency: "BRL" });
const count = new Intl.NumberFormat();
const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });

function readUrl() {
  const url = new URLSearchParams(location.search);
  for (const key of Object.keys(state)) {
    if (url.has(key)) state[key] = url.get(key);
  }
}

function writeUrl() {
  const url = new URLSearchParams();
  for (const [key, value] of Object.entries(state)) {
    if (value && DEFAULTS[key] !== value) url.set(key, value);
  }
  const query = url.toString();
  history.replaceState(null, "", query ? "?" + query : location.pathname);
}

function filterParams(extra = {}, omit = "") {
  const params = new URLSearchParams();
  for (const key of FILTERS) {
    if (state[key] && key !== omit) params.set(key, state[key]);
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params;
}

async function api(path, params, accept = "application/json") {
  const response = await fetch("api/v1/" + path + (params ? "?" + params : ""), { headers: { Accept: accept } });
  if (!response.ok) {
    let detail = response.status + " " + response.statusText;
    try {
      const problem = await response.json();
      detail = problem.detail || problem.title || detail;
      if (problem.errors) detail += ": " + problem.errors.map((e) => e.parameter + " " + e.message).join("; ");
    } catch (ignored) { /* not a problem document */ }
    const error = new Error(detail);
    error.status = response.status;
    throw error;
  }
  return accept === "text/csv" ? response.arrayBuffer() : response.json();
}

function showError(error) {
  const box = $("error");
  box.textContent = error ? "Could not load: " + error.message : "";
  box.hidden = !error;
}

// ---- dates and presets --------------------------------------------------------------------

const iso = (d) => d.toISOString().slice(0, 10);
const day = (text) => new Date(text + "T00:00:00Z");
const addDays = (d, n) => new Date(d.getTime() + n * 86400000);

function preset(name) {
  const end = day(newestSale || iso(new Date()));
  const y = end.getUTCFullYear();
  switch (name) {
    case "30d": return [iso(addDays(end, -29)), iso(end)];
    case "90d": return [iso(addDays(end, -89)), iso(end)];
    case "12m": return [iso(new Date(Date.UTC(y - 1, end.getUTCMonth() + 1, 1))), iso(end)];
    case "ytd": return [y + "-01-01", iso(end)];
    case "ly": return [(y - 1) + "-01-01", (y - 1) + "-12-31"];
    default: return null;
  }
}

// ---- rendering ----------------------------------------------------------------------------

function chart(name) {
  if (!charts[name]) {
    charts[name] = echarts.init($("chart-" + name), null, { renderer: "svg" });
  }
  return charts[name];
}

function tile(label, value, delta, kind, raw) {
  let change = "";
  let css = "";
  if (delta && delta.relative !== null && delta.relative !== undefined) {
    const r = Number(delta.relative);
    css = r > 0 ? "up" : r < 0 ? "down" : "";
    change = (r > 0 ? "▲ " : r < 0 ? "▼ " : "") + percent.format(r) + " vs previous period";
  } else if (delta) {
    change = "no previous figure";
  }
  return `<div class="tile" data-kpi="${kind}" data-value="${raw === null ? "" : raw}"><div class="label">${label}</div>` +
    `<div class="value">${value}</div><div class="change ${css}">${change}</div></div>`;
}

function renderKpis(body) {
  const k = body.data.figures;
  const c = body.data.comparison ? body.data.comparison.change : null;
  const share = (v) => (v === null || v === undefined ? "–" : percent.format(Number(v)));
  $("tiles").innerHTML = [
    tile("Sales", count.format(k.sales), c && c.sales, "sales", k.sales),
    tile("Units", count.format(k.units), c && c.units, "units", k.units),
    tile("Revenue", money.format(Number(k.revenue)), c && c.revenue, "revenue", k.revenue),
    tile("Average ticket", k.averageTicket === null ? "–" : money.format(Number(k.averageTicket)),
      c && c.averageTicket, "averageTicket", k.averageTicket),
    tile("On promotion", share(k.promotionShare), c && c.promotionShare, "promotionShare", k.promotionShare),
    tile("Paid", share(k.paidShare), c && c.paidShare, "paidShare", k.paidShare),
  ].join("");
  $("tiles").dataset.incomplete = body.data.incomplete;
}

function renderFreshness(provenance) {
  $("freshness").textContent =
    `snapshot ${provenance.snapshot} · published ${new Date(provenance.publishedAt).toLocaleString()}` +
    ` · newest sale ${provenance.newestSale || "none"} · engine ${provenance.engine}`;
}

const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });
const axisMoney = { type: "value", axisLabel: { formatter: (v) => "R$ " + compact.format(v) } };
const AGE_BANDS = ["<25", "25-34", "35-44", "45-54", "55-64", "65+", "unknown"];

function renderRevenue(body) {
  const current = body.data.rows;
  const comparison = body.data.comparison ? body.data.comparison.rows : [];
  const series = [{ name: "revenue", type: "line", smooth: true, data: current.map((g) => Number(g.revenue)) }];
  if (comparison.length) {
    series.push({ name: "previous period", type: "line", smooth: true, lineStyle: { type: "dashed" },
      data: current.map((g, i) => (comparison[i] ? Number(comparison[i].revenue) : null)) });
  }
  chart("revenue").setOption({
    tooltip: { trigger: "axis", valueFormatter: (v) => (v === null ? "–" : money.format(v)) },
    legend: { bottom: 0 }, grid: { left: 80, right: 20, top: 20, bottom: 50 },
    xAxis: { type: "category", data: current.map((g) => g.key) }, yAxis: axisMoney, series,
  }, true);
}

function renderBars(name, rows, key, label, selected, onClick) {
  const c = chart(name);
  c.setOption({
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v) => money.format(v) },
    grid: { left: 140, right: 20, top: 10, bottom: 30 },
    xAxis: { ...axisMoney, splitNumber: 3 },
    yAxis: { type: "category", inverse: true, data: rows.map(label) },
    series: [{ type: "bar", data: rows.map((r) => ({
      value: Number(r.revenue), id: String(key(r)),
      itemStyle: selected && String(key(r)) !== selected ? { opacity: 0.35 } : undefined,
    })) }],
  }, true);
  c.off("click");
  if (onClick) c.on("click", (event) => onClick(rows[event.dataIndex]));
}

function renderPie(name, rows, label, onClick) {
  const c = chart(name);
  c.setOption({
    tooltip: { trigger: "item", valueFormatter: (v) => money.format(v) }, legend: { bottom: 0 },
    series: [{ type: "pie", radius: ["40%", "70%"], label: { show: false }, data: rows.map((r) => ({ name: label(r), value: Number(r.revenue) })) }],
  }, true);
  c.off("click");
  if (onClick) c.on("click", (event) => onClick(rows[event.dataIndex]));
}

function renderCustomers(body) {
  const rows = body.data.rows;
  const bands = AGE_BANDS.filter((band) => rows.some((r) => r.ageBand === band));
  const sexes = [...new Set(rows.map((r) => r.sex || "unknown"))];
  chart("customers").setOption({
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } }, legend: { bottom: 0 },
    grid: { left: 80, right: 20, top: 20, bottom: 50 },
    xAxis: { type: "category", data: bands }, yAxis: axisMoney,
    series: sexes.map((sex) => ({
      name: sex, type: "bar", stack: "sex",
      data: bands.map((b) => {
        const r = rows.find((x) => x.ageBand === b && (x.sex || "unknown") === sex);
        return r ? Number(r.revenue) : 0;
      }),
    })),
  }, true);
}

// ---- the models: forecast, its accuracy, the promotion effect -----------------------------

const NO_FORECAST = "No forecast yet: run the forecast job (batch-etl run forecast) to publish one.";
const pct = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" });
const storeName = (id) => {
  const option = [...$("storeId").options].find((o) => o.value === String(id));
  return option ? option.textContent : "store " + id;
};
const seriesName = (series, storeId) => (storeId === null || storeId === undefined ? "all stores" : storeName(storeId));

function metricFormat(metric) {
  return metric === "units" ? (v) => (v === null || v === undefined ? "–" : count.format(v)) : (v) => (v === null || v === undefined ? "–" : money.format(v));
}

function computedNote(from) {
  if (!from || !from.run) return "";
  return from.current ? ` · computed from ${from.run}` : ` · computed from ${from.run}, before the current snapshot (the forecast job has not run since)`;
}

// A filled band between two lines of a category axis: one polygon through every day's bounds,
// drawn with the first day (the others draw nothing: an empty group, never null).
function bandSeries(name, indices, lower, upper, opacity) {
  return {
    name, type: "custom", silent: true, z: 1, itemStyle: { color: "#2f6fdf", opacity },
    data: indices.map((x, i) => [x, lower[i], upper[i]]),
    encode: { x: 0, y: [1, 2] },
    renderItem: (params, api) => {
      if (params.dataIndex !== 0) return { type: "group", children: [] };
      const top = indices.map((x, i) => api.coord([x, upper[i]]));
      const bottom = indices.map((x, i) => api.coord([x, lower[i]])).reverse();
      return { type: "polygon", shape: { points: top.concat(bottom) }, style: { fill: "#2f6fdf", opacity } };
    },
  };
}

async function renderForecast(body) {
  const f = body.data;
  const el = $("chart-forecast");
  $("forecast-about").textContent = f.points.length
    ? `${seriesName(f.series, f.storeId)} · ${f.metric} · model ${f.model}${f.fallback ? " (seasonal naive fallback)" : ""}` +
      ` · trained until ${f.trainedUntil}${computedNote(f.computedFrom)}`
    : "";
  el.dataset.series = f.series;
  el.dataset.model = f.model || "";
  el.dataset.current = f.computedFrom ? String(f.computedFrom.current) : "";
  if (!f.points.length) return { drawn: 0, note: `No forecast for ${seriesName(f.series, f.storeId)}.` };
  // the 8 weeks of history before the forecast, of the same series (no other filter applies)
  const until = day(f.trainedUntil);
  const params = new URLSearchParams({ from: iso(addDays(until, -55)), to: f.trainedUntil, groupBy: "day" });
  if (f.storeId !== null) params.set("storeId", f.storeId);
  const history = await api("reports/revenue", params);
  const actual = new Map(history.data.rows.map((g) => [g.key, Number(f.metric === "units" ? g.units : g.revenue)]));
  const dates = [];
  for (let d = addDays(until, -55); d <= until; d = addDays(d, 1)) dates.push(iso(d));
  const first = dates.length;
  f.points.forEach((p) => dates.push(p.date));
  const at = f.points.map((p, i) => first + i);
  const num = (key) => f.points.map((p) => Number(p[key]));
  const format = metricFormat(f.metric);
  const byDate = new Map(f.points.map((p) => [p.date, p]));
  chart("forecast").setOption({
    tooltip: {
      trigger: "axis",
      formatter: (items) => {
        const date = items[0].axisValue;
        const p = byDate.get(date);
        if (!p) return `${date}<br>actual ${format(actual.has(date) ? actual.get(date) : 0)}`;
        return `${date} (+${p.horizon} d)<br>forecast ${format(Number(p.point))}` +
          `<br>80%: ${format(Number(p.lower80))} – ${format(Number(p.upper80))}` +
          `<br>95%: ${format(Number(p.lower95))} – ${format(Number(p.upper95))}`;
      },
    },
    legend: { bottom: 0, data: ["actual", "forecast", "80% interval", "95% interval"] },
    grid: { left: 80, right: 20, top: 20, bottom: 50 },
    xAxis: { type: "category", data: dates, boundaryGap: false },
    yAxis: f.metric === "units" ? { type: "value" } : axisMoney,
    series: [
      bandSeries("95% interval", at, num("lower95"), num("upper95"), 0.15),
      bandSeries("80% interval", at, num("lower80"), num("upper80"), 0.3),
      { name: "actual", type: "line", showSymbol: false, z: 3, color: "#12805c",
        data: dates.map((d, i) => (i < first ? (actual.has(d) ? actual.get(d) : 0) : null)) },
      { name: "forecast", type: "line", showSymbol: false, z: 3, color: "#1d4fae", lineStyle: { type: "dashed" },
        data: dates.map((d, i) => (i < first ? null : Number(f.points[i - first].point))) },
    ],
  }, true);
  return { drawn: f.points.length };
}

function renderAccuracy(body) {
  const chosen = body.data.models.filter((m) => m.chosen);
  if (!chosen.length) return { drawn: 0, note: "The backtest has no series." };
  const selected = state.storeId ? "store:" + state.storeId : "";
  chart("accuracy").setOption({
    tooltip: {
      trigger: "axis", axisPointer: { type: "shadow" },
      formatter: (items) => {
        const m = chosen[items[0].dataIndex];
        return `${seriesName(m.series, m.storeId)}: ${m.model}${m.fallback ? " (fallback)" : ""}<br>MASE ${m.mase}` +
          ` · RMSSE ${m.rmsse}<br>coverage 80% ${percent.format(Number(m.coverage80))}` +
          ` · 95% ${percent.format(Number(m.coverage95))} · ${m.folds} folds`;
      },
    },
    grid: { left: 150, right: 30, top: 24, bottom: 30 },
    // the seasonal naive's line at 1 always in view
    xAxis: { type: "value", splitNumber: 4, max: (extent) => Math.ceil(Math.max(1.2, extent.max * 1.1) * 10) / 10 },
    yAxis: { type: "category", inverse: true, axisLabel: { width: 140, overflow: "truncate" },
      data: chosen.map((m) => `${m.storeId === null ? "all stores" : "store " + m.storeId} · ${m.model}`) },
    series: [{
      type: "bar", name: "MASE", barMaxWidth: 28,
      data: chosen.map((m) => ({
        value: m.mase === null ? null : Number(m.mase), id: m.series,
        itemStyle: { color: m.fallback ? "#98a2b3" : "#2f6fdf", opacity: selected && m.series !== selected ? 0.35 : 1 },
      })),
      markLine: { silent: true, symbol: "none", lineStyle: { color: "#c0392b", type: "dashed" },
        label: { formatter: "seasonal naive = 1", position: "insideEndTop" }, data: [{ xAxis: 1 }] },
    }],
  }, true);
  return { drawn: chosen.length };
}

// One method's estimates as points with their 95% interval (error bars), beside the other's.
function estimateSeries(name, rows, key, offset, color) {
  return {
    name, type: "custom", z: 2,
    data: rows.map((r, i) => (r[key] ? [i, Number(r[key].uplift), Number(r[key].lower), Number(r[key].upper)] : [i, null, null, null])),
    encode: { x: [1, 2, 3], y: 0, tooltip: [1, 2, 3] },
    itemStyle: { color },
    renderItem: (params, api) => {
      if (isNaN(api.value(1))) return { type: "group", children: [] };
      const y = api.value(0);
      const shift = api.size([0, 1])[1] * offset;
      const [cx, cy] = api.coord([api.value(1), y]);
      const [lx] = api.coord([api.value(2), y]);
      const [ux] = api.coord([api.value(3), y]);
      const yy = cy + shift;
      const stroke = { stroke: color, lineWidth: 1.5 };
      return { type: "group", children: [
        { type: "line", shape: { x1: lx, y1: yy, x2: ux, y2: yy }, style: stroke },
        { type: "line", shape: { x1: lx, y1: yy - 5, x2: lx, y2: yy + 5 }, style: stroke },
        { type: "line", shape: { x1: ux, y1: yy - 5, x2: ux, y2: yy + 5 }, style: stroke },
        { type: "circle", shape: { cx, cy: yy, r: 4.5 }, style: { fill: color } },
      ] };
    },
  };
}

function renderEffect(body) {
  const rows = body.data.rows;
  if (!rows.length) return { drawn: 0, note: "The forecast job found no promotion effect to estimate." };
  const label = (r) => (r.scope === "overall" ? "overall" : r.product || "product " + r.productId);
  const describe = (e) => (e ? `${pct.format(Number(e.uplift))} (${pct.format(Number(e.lower))} to ${pct.format(Number(e.upper))}), ${count.format(e.n)} days` : "–");
  chart("effect").setOption({
    tooltip: {
      trigger: "axis", axisPointer: { type: "shadow" },
      formatter: (items) => {
        const r = rows[items[0].dataIndex];
        return `${label(r)}<br>controlled ${describe(r.controlled)}<br>naive ${describe(r.naive)}`;
      },
    },
    legend: { bottom: 0, data: ["controlled", "naive"] },
    grid: { left: 140, right: 30, top: 10, bottom: 50 },
    xAxis: { type: "value", splitNumber: 4, axisLabel: { formatter: (v) => pct.format(v) } },
    yAxis: { type: "category", inverse: true, data: rows.map(label) },
    series: [
      { ...estimateSeries("controlled", rows, "controlled", -0.15, "#2f6fdf"),
        markLine: { silent: true, symbol: "none", lineStyle: { color: "#667085" }, label: { show: false }, data: [{ xAxis: 0 }] } },
      estimateSeries("naive", rows, "naive", 0.15, "#e8833a"),
    ],
  }, true);
  return { drawn: rows.length };
}

/** A model's card: drawn, or a note (no forecast published yet, nothing for this series, an error). */
async function loadModel(name, render) {
  const el = $("chart-" + name);
  const note = $(name + "-note");
  const card = el.closest(".card");
  let result;
  try {
    const [path, params] = REQUESTS[name]();
    const body = await api(path, params);
    lastData[name] = body;
    el.hidden = false;
    result = await render(body);
    card.dataset.state = result.drawn ? "drawn" : "empty";
  } catch (error) {
    result = { drawn: 0, note: error.status === 404 ? NO_FORECAST : "Could not load: " + error.message };
    card.dataset.state = error.status === 404 ? "none" : "error";
    if (name === "forecast") $("forecast-about").textContent = "";
  }
  if (!result.drawn) {
    el.hidden = true;
    if (charts[name]) charts[name].clear();
  } else if (charts[name]) {
    charts[name].resize();
  }
  note.textContent = result.note || "";
  note.hidden = !result.note;
  el.dataset.rendered = String(result.drawn);
}

function loadModels() {
  return Promise.all([
    loadModel("forecast", renderForecast),
    loadModel("accuracy", renderAccuracy),
    loadModel("effect", renderEffect),
  ]);
}

// ---- cross-filtering and loading ----------------------------------------------------------

function setFilter(key, value) {
  state[key] = state[key] === String(value) ? "" : String(value);
  syncForm();
  load();
}

const REQUESTS = {
  revenue: () => ["reports/revenue", filterParams({ groupBy: state.grain, compare: "previous_period" })],
  // a chart that sets a cross-filter shows every choice, the chosen one highlighted
  stores: () => ["reports/revenue", filterParams({ groupBy: "store" }, "storeId")],
  products: () => ["reports/top-products", filterParams({ limit: 10 }, "productId")],
  promotions: () => ["reports/promotions", filterParams()],
  payments: () => ["reports/payments", filterParams()],
  customers: () => ["reports/customers", filterParams()],
  // the models have a series per store and in total: only the store filter applies
  forecast: () => ["forecasts", new URLSearchParams(state.storeId ? { storeId: state.storeId, metric: state.metric } : { metric: state.metric })],
  accuracy: () => ["forecasts/accuracy", new URLSearchParams({ metric: state.metric })],
  effect: () => ["promotions/effect", null],
};

async function loadChart(name, render) {
  const [path, params] = REQUESTS[name]();
  const body = await api(path, params);
  lastData[name] = body;
  render(body);
  $("chart-" + name).dataset.rendered = String(body.data.rows.length);
  return body;
}

async function load() {
  writeUrl();
  document.body.dataset.loading = "true";
  try {
    const kpis = await api("reports/kpis", filterParams({ compare: "previous_period" }));
    lastData.kpis = kpis;
    renderKpis(kpis);
    renderFreshness(kpis.provenance);
    await Promise.all([
      loadChart("revenue", renderRevenue),
      loadChart("stores", (b) => renderBars("stores", b.data.rows, (r) => r.key, (r) => r.label || "store " + r.key,
        state.storeId, (r) => setFilter("storeId", r.key))),
      loadChart("products", (b) => renderBars("products", b.data.rows, (r) => r.productId, (r) => r.product || "product " + r.productId,
        state.productId, (r) => setFilter("productId", r.productId))),
      loadChart("promotions", (b) => renderPie("promotions", b.data.rows, (r) => (r.promotion ? "promotion" : "no promotion"),
        (r) => setFilter("promotion", r.promotion))),
      loadChart("payments", (b) => renderPie("payments", b.data.rows, (r) => (r.paid ? "paid" : "unpaid"),
        (r) => setFilter("paid", r.paid))),
      loadChart("customers", renderCustomers),
      loadModels(),
    ]);
    showError(null);
  } catch (error) {
    showError(error);
  } finally {
    document.body.dataset.loading = "false";
    document.body.dataset.loaded = String(Number(document.body.dataset.loaded || 0) + 1);
  }
}

function syncForm() {
  for (const key of FILTERS) {
    const input = $(key);
    if (input.tagName === "SELECT" && state[key] && ![...input.options].some((o) => o.value === state[key])) {
      input.add(new Option(key + " " + state[key], state[key]));
    }
    input.value = state[key];
  }
  $("grain").value = state.grain;
  $("metric").value = state.metric;
}

async function fillChoices() {
  // stores and products over the whole history, so that every one can be chosen
  const end = day(newestSale || iso(new Date()));
  const tenYears = new Date(Date.UTC(end.getUTCFullYear() - 10, end.getUTCMonth(), end.getUTCDate() + 1));
  const all = new URLSearchParams({ from: iso(tenYears), to: iso(end) });
  const [stores, products] = await Promise.all([
    api("reports/revenue", new URLSearchParams([...all, ["groupBy", "store"]])),
    api("reports/top-products", new URLSearchParams([...all, ["limit", "1000"]])),
  ]);
  for (const s of [...stores.data.rows].sort((a, b) => Number(a.key) - Number(b.key))) {
    $("storeId").add(new Option(`${s.key} · ${s.label || ""}`, s.key));
  }
  for (const p of [...products.data.rows].sort((a, b) => a.productId - b.productId)) {
    $("productId").add(new Option(`${p.productId} · ${p.product || ""}`, p.productId));
  }
}

// ---- drill-down rows and CSV --------------------------------------------------------------

const COLUMNS = ["saleId", "date", "storeId", "city", "productId", "product", "customerId", "units", "price",
  "revenue", "promotion", "paid", "paidOn", "daysToPay", "channel"];

async function openRows(title) {
  rowsQuery = { after: null, params: filterParams({ limit: 100 }) };
  $("rows-title").textContent = "Sales behind: " + title;
  $("rows-table").querySelector("thead").innerHTML = "<tr>" + COLUMNS.map((c) => `<th>${c}</th>`).join("") + "</tr>";
  $("rows-table").querySelector("tbody").innerHTML = "";
  $("rows-count").textContent = "";
  $("rows-dialog").showModal();
  await moreRows();
}

async function moreRows() {
  const params = new URLSearchParams(rowsQuery.params);
  if (rowsQuery.after !== null) params.set("after", rowsQuery.after);
  const body = await api("sales", params);
  const tbody = $("rows-table").querySelector("tbody");
  for (const sale of body.data.rows) {
    const tr = document.createElement("tr");
    for (const c of COLUMNS) {
      const td = document.createElement("td");
      td.textContent = sale[c] === null || sale[c] === undefined ? "" : String(sale[c]);
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  }
  rowsQuery.after = body.data.next;
  $("rows-more").hidden = body.data.next === null;
  $("rows-count").textContent = tbody.children.length + " rows shown";
}

async function downloadCsv(name) {
  const [path, params] = name === "kpis" ? ["reports/kpis", filterParams({ compare: "previous_period" })] : REQUESTS[name]();
  const bytes = await api(path, params, "text/csv");
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([bytes], { type: "text/csv" }));
  link.download = `${name}-${state.from}-${state.to}.csv`;
  link.dataset.csv = name;
  document.body.appendChild(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  // what was handed to the browser's download, byte for byte (the browser test compares it)
  window.lastCsv = { name, bytes: Array.from(new Uint8Array(bytes)) };
}

// ---- wiring -------------------------------------------------------------------------------

async function start() {
  readUrl();
  try {
    const freshness = await api("reports/freshness");
    newestSale = freshness.data.newestSale;
    renderFreshness(freshness.provenance);
    if (!state.from || !state.to) {
      [state.from, state.to] = preset("12m");
    }
    await fillChoices();
  } catch (error) {
    showError(error);
    return;
  }
  syncForm();
  $("filters").addEventListener("change", (event) => {
    const target = event.target;
    if (target.id === "preset") {
      const range = preset(target.value);
      if (range) [state.from, state.to] = range;
    } else if (target.name) {
      state[target.name] = target.value;
      $("preset").value = "";
    }
    syncForm();
    load();
  });
  $("clear").addEventListener("click", () => {
    for (const key of ["storeId", "productId", "promotion", "paid"]) state[key] = "";
    syncForm();
    load();
  });
  $("grain").addEventListener("change", (event) => {
    state.grain = event.target.value;
    writeUrl();
    loadChart("revenue", renderRevenue).catch(showError);
  });
  $("metric").addEventListener("change", (event) => {
    state.metric = event.target.value;
    writeUrl();
    document.body.dataset.loading = "true";
    Promise.all([loadModel("forecast", renderForecast), loadModel("accuracy", renderAccuracy)]).finally(() => {
      document.body.dataset.loading = "false";
      document.body.dataset.loaded = String(Number(document.body.dataset.loaded || 0) + 1);
    });
  });
  for (const card of document.querySelectorAll(".card")) {
    const name = card.dataset.chart;
    card.querySelector(".csv").addEventListener("click", () => downloadCsv(name).catch(showError));
    const rows = card.querySelector(".rows");
    if (rows) rows.addEventListener("click", () => openRows(card.querySelector("h2").textContent).catch(showError));
  }
  $("rows-more").addEventListener("click", () => moreRows().catch(showError));
  $("rows-close").addEventListener("click", () => $("rows-dialog").close());
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));
  await load();
}

document.addEventListener("DOMContentLoaded", start);
