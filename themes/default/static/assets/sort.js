// Sortable tables: a header with data-sort="text" or "number" becomes a button that sorts the
// rows by that column (again: the other way). Without JavaScript the table keeps the plan's order.
(function () {
  "use strict";
  var collator = new Intl.Collator("nl", { numeric: true, sensitivity: "base" });
  function key(cell, kind) {
    if (kind === "number") {
      var raw = cell.getAttribute("data-value");
      var n = raw === null || raw === "" ? NaN : Number(raw);
      return isNaN(n) ? null : n;
    }
    return cell.textContent.trim();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th[data-sort]");
    heads.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var kind = th.getAttribute("data-sort");
        rows.sort(function (a, b) {
          var x = key(a.cells[column], kind), y = key(b.cells[column], kind);
          if (x === null || y === null) return x === y ? 0 : (x === null ? 1 : -1);  // empty last
          var order = kind === "number" ? x - y : collator.compare(x, y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
