// The Sales Tech dashboard: every figure comes from the reporting API of this service, with the
// filters kept in the URL so that a view can be shared. No framework; ECharts from the WebJar.
"use strict";

const FILTERS = ["from", "to", "storeId", "productId", "promotion", "paid"];
const state = { from: "", to: "", storeId: "", productId: "", promotion: "", paid: "", grain: "month" };
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
    if (value && !(key === "grain" && value === "month")) url.set(key, value);
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
    throw new Error(detail);
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
  for (const card of document.querySelectorAll(".card")) {
    const name = card.dataset.chart;
    card.querySelector(".csv").addEventListener("click", () => downloadCsv(name).catch(showError));
    card.querySelector(".rows").addEventListener("click", () => openRows(card.querySelector("h2").textContent).catch(showError));
  }
  $("rows-more").addEventListener("click", () => moreRows().catch(showError));
  $("rows-close").addEventListener("click", () => $("rows-dialog").close());
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));
  await load();
}

document.addEventListener("DOMContentLoaded", start);
