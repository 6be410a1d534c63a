//! The site's fixed files: its style sheet and its two scripts. Nothing in
//! them comes from the inventory.

pub const CSS: &str = r#":root { color-scheme: light; --ink: #1f2933; --muted: #52606d; --line: #cbd2d9; --accent: #0b5394; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header { background: #102a43; padding: .5rem 1rem; }
header a { color: #fff; margin-right: 1rem; text-decoration: none; font-weight: 600; }
header a:focus, header a:hover { text-decoration: underline; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f4f8; }
td.why { font-size: .85rem; color: var(--muted); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
.kind { color: var(--muted); }
tr.error td:first-child, li.error { color: #b00020; }
tr.warning td:first-child, li.warning { color: #8a5300; }
input[type=search] { font: inherit; padding: .3rem .5rem; min-width: 18rem; }
div.ctx { overflow-x: auto; }
svg.context { max-width: 60rem; min-width: 36rem; display: block; margin: .5rem 0 1rem; font: 14px system-ui, sans-serif; }
svg.context rect.side { fill: #f0f4f8; stroke: #52606d; }
svg.context rect.main { fill: #dceefb; stroke: #0b5394; stroke-width: 2; }
svg.context text:not(.edge) { text-anchor: middle; fill: #1f2933; }
svg.context text.edge { font-size: 12px; fill: #52606d; }
svg.context line { stroke: #52606d; }
svg.context a:focus rect, svg.context a:hover rect { stroke: #0b5394; stroke-width: 3; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
figure.home-diagram { margin: 1rem 0; }
.missing { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: .85rem; padding: 1rem; text-align: center; }
@media (max-width: 40rem) { table, thead, tbody, tr, th, td { display: block; } thead { display: none; } td { border: none; border-bottom: 1px solid var(--line); } }
@media print { header, form, footer, #filter { display: none; } a { color: inherit; text-decoration: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
"#;

/// Filters the rows of `#rows` by the text of `#filter`.
pub const FILTER_JS: &str = r##""use strict";
(function () {
  var input = document.getElementById("filter");
  var rows = document.querySelectorAll("#rows tbody tr");
  if (!input) { return; }
  input.addEventListener("input", function () {
    var q = input.value.toLowerCase();
    for (var i = 0; i < rows.length; i++) {
      rows[i].hidden = q !== "" && rows[i].textContent.toLowerCase().indexOf(q) < 0;
    }
  });
})();
"##;

/// Searches the index for `?q=`: exact ids first, then ids that start with
/// the query, then any id, name, kind or tag that contains it. Results are
/// built with DOM calls (text, never HTML).
pub const SEARCH_JS: &str = r##""use strict";
(function () {
  var index = window.CARTO_INDEX || [];
  var q = (new URLSearchParams(window.location.search).get("q") || "").trim();
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var count = document.getElementById("count");
  if (input) { input.value = q; }
  if (!q || !list) { return; }
  var needle = q.toLowerCase();
  var found = [];
  for (var i = 0; i < index.length; i++) {
    var it = index[i];
    var id = String(it[0]).toLowerCase();
    var hay = [id, String(it[1]).toLowerCase(), String(it[2]).toLowerCase()].concat(it[3] || []).join(" ").toLowerCase();
    var rank = id === needle ? 0 : id.indexOf(needle) === 0 ? 1 : hay.indexOf(needle) >= 0 ? 2 : -1;
    if (rank >= 0) { found.push([rank, id, it]); }
  }
  found.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
  var one = count.getAttribute("data-one") || "1 result for";
  var many = count.getAttribute("data-many") || "results for";
  count.textContent = (found.length === 1 ? one : found.length + " " + many) + " \u201c" + q + "\u201d";
  for (var k = 0; k < found.length && k < 500; k++) {
    var entry = found[k][2];
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = entry[4];
    a.textContent = entry[0];
    li.appendChild(a);
    li.appendChild(document.createTextNode(" \u2014 " + entry[2] + ": " + entry[1]));
    list.appendChild(li);
  }
})();
"##;
