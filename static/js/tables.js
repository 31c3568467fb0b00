/* Tables marked .table-stack become one block per row on a phone (site.css); each cell is labelled
   with its column's heading, copied here from the table's own <th> (a file: the CSP forbids inline
   scripts). Without this script the rows still stack, unlabelled. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.table-stack").forEach(function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          if (cell.colSpan === 1 && headings[index]) cell.setAttribute("data-label", headings[index]);
        });
      });
    });
  });
})();
