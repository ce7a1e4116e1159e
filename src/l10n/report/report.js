/* l10n review site: sorting, filtering and pages of rows for the index, and the "needs
   attention" filter of an article page. The pages read completely without this script. */
(function () {
  "use strict";

  function initIndex(table) {
    var form = document.getElementById("filters");
    var shown = document.getElementById("shown");
    var pager = document.getElementById("pager");
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var total = rows.length;
    rows.forEach(function (row, i) {
      row._order = i;
      var cell = row.cells[0];
      var link = cell.querySelector("a");
      row._title = (link ? link.textContent : cell.textContent).toLowerCase();
      row._search = cell.textContent.toLowerCase();
    });
    var state = { q: "", lang: "", state: "", size: 100, page: 1, sort: "", dir: "" };
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);

    headers.forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var key = th.getAttribute("data-key");
        if (state.sort === key) {
          state.dir = state.dir === "ascending" ? "descending" : "ascending";
        } else {
          state.sort = key;
          state.dir = "ascending";
        }
        state.page = 1;
        update(true);
      });
    });

    function value(row, key, type) {
      if (key === "title") return row._title;
      var raw = row.getAttribute("data-" + key) || "";
      return type === "number" ? parseFloat(raw) || 0 : raw;
    }

    function sortRows() {
      var th = headers.filter(function (h) { return h.getAttribute("data-key") === state.sort; })[0];
      headers.forEach(function (h) { h.setAttribute("aria-sort", h === th ? state.dir : "none"); });
      var type = th ? th.getAttribute("data-type") : "";
      var sign = state.dir === "descending" ? -1 : 1;
      rows.sort(function (a, b) {
        var d = 0;
        if (th) {
          var x = value(a, state.sort, type), y = value(b, state.sort, type);
          d = type === "number" ? x - y : String(x).localeCompare(String(y));
          if (!d && state.sort === "errors") {
            d = value(a, "warnings", "number") - value(b, "warnings", "number");
          }
        }
        return d * sign || a._order - b._order;
      });
      var fragment = document.createDocumentFragment();
      rows.forEach(function (row) { fragment.appendChild(row); });
      tbody.appendChild(fragment);
    }

    function matches(row) {
      if (state.lang && row.getAttribute("data-lang") !== state.lang) return false;
      if (state.q) {
        if (row._search.indexOf(state.q) < 0) return false;
      }
      var s = state.state;
      if (!s) return true;
      var status = row.getAttribute("data-state");
      if (s === "published" || s === "held-back") return status === s;
      if (s === "missing") return status === "missing" || status === "unreadable";
      return (" " + row.getAttribute("data-flags") + " ").indexOf(" " + s + " ") >= 0;
    }

    function update(resort) {
      if (resort) sortRows();
      var visible = rows.filter(matches);
      var size = state.size > 0 ? state.size : visible.length || 1;
      var pages = Math.max(1, Math.ceil(visible.length / size));
      state.page = Math.min(Math.max(1, state.page), pages);
      var first = (state.page - 1) * size;
      var onPage = new Set(visible.slice(first, first + size));
      rows.forEach(function (row) { row.hidden = !onPage.has(row); });
      var text = visible.length
        ? "Showing " + (first + 1).toLocaleString("en") + "–" +
          Math.min(first + size, visible.length).toLocaleString("en") + " of " +
          visible.length.toLocaleString("en") + " rows"
        : "No rows match";
      if (visible.length !== total) text += " (" + total.toLocaleString("en") + " in all)";
      shown.textContent = text;
      drawPager(pages);
      saveHash();
    }

    function drawPager(pages) {
      pager.hidden = pages < 2;
      pager.textContent = "";
      if (pages < 2) return;
      function button(label, page, disabled) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = label;
        b.disabled = disabled;
        b.addEventListener("click", function () {
          state.page = page;
          update(false);
          shown.scrollIntoView({ block: "nearest" });
        });
        pager.appendChild(b);
      }
      button("Previous", state.page - 1, state.page <= 1);
      var where = document.createElement("span");
      where.textContent = "Page " + state.page + " of " + pages;
      pager.appendChild(where);
      button("Next", state.page + 1, state.page >= pages);
    }

    function saveHash() {
      var parts = [];
      ["q", "lang", "state", "sort", "dir"].forEach(function (k) {
        if (state[k]) parts.push(k + "=" + encodeURIComponent(state[k]));
      });
      if (state.size !== 100) parts.push("size=" + state.size);
      if (state.page > 1) parts.push("page=" + state.page);
      var hash = parts.length ? "#" + parts.join("&") : "";
      if (hash !== location.hash && !(hash === "" && location.hash === "#")) {
        try {
          history.replaceState(null, "", hash || location.pathname + location.search);
        } catch (e) { /* some hosts forbid it: the filters still work */ }
      }
    }

    function readHash() {
      var next = { q: "", lang: "", state: "", size: 100, page: 1, sort: "", dir: "" };
      location.hash.replace(/^#/, "").split("&").forEach(function (part) {
        var i = part.indexOf("=");
        if (i < 0) return;
        var k = part.slice(0, i), v = decodeURIComponent(part.slice(i + 1));
        var n = parseInt(v, 10);
        if (k === "size" || k === "page") next[k] = isNaN(n) ? next[k] : n;
        else if (k in next) next[k] = v;
      });
      if (next.dir !== "ascending" && next.dir !== "descending") next.dir = "ascending";
      if (!next.sort) next.dir = "";
      state = next;
      form.elements.q.value = state.q;
      form.elements.lang.value = state.lang;
      form.elements.state.value = state.state;
      form.elements.size.value = String(state.size);
      if (form.elements.size.value !== String(state.size)) {
        state.size = 100;
        form.elements.size.value = "100";
      }
      state.q = state.q.toLowerCase();
    }

    form.hidden = false;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("input", function () {
      state.q = form.elements.q.value.trim().toLowerCase();
      state.lang = form.elements.lang.value;
      state.state = form.elements.state.value;
      state.size = parseInt(form.elements.size.value, 10) || 0;
      state.page = 1;
      update(false);
    });
    window.addEventListener("hashchange", function () {
      readHash();
      update(true);
    });
    readHash();
    update(Boolean(state.sort));
  }

  function initArticle(units) {
    var tools = document.querySelector(".tools");
    var box = document.getElementById("attention");
    if (!tools || !box) return;
    tools.hidden = false;
    box.addEventListener("change", function () {
      units.classList.toggle("only-attention", box.checked);
    });
  }

  var table = document.getElementById("catalogs");
  if (table) initIndex(table);
  var units = document.querySelector(".units");
  if (units) initArticle(units);
  document.body.classList.remove("loading");
})();
