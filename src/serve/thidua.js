// The pages work without script; script adds what saves typing: the
// pre-check answering as the officer types, dates echoed in words, rows
// added, removed and pasted, problems marked on their fields, a sheet
// chooser for workbooks.
(function () {
  var vi = document.documentElement.lang !== "en";
  var months = ["January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December"];

  // Day first, as Vietnamese write it (31/12/2024, 31-12-2024, 31.12.2024),
  // or a machine's 2024-12-31; never month first, whatever the browser.
  function parseDate(s) {
    s = s.trim();
    var m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
    var y, mo, d;
    if (m) { y = +m[1]; mo = +m[2]; d = +m[3]; } else {
      m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(s);
      if (!m) return null;
      d = +m[1]; mo = +m[2]; y = +m[3];
    }
    var t = new Date(Date.UTC(y, mo - 1, d));
    if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
    return { y: y, m: mo, d: d };
  }

  function echo(input) {
    var out = input.parentNode.querySelector("small.echo");
    if (!out) return;
    var v = input.value.trim();
    if (!v) { out.textContent = ""; out.className = "echo"; return; }
    var p = parseDate(v);
    if (!p) {
      out.textContent = vi ? "chưa phải ngày (ngày/tháng/năm)" : "not a date yet (day/month/year)";
      out.className = "echo bad";
      return;
    }
    out.textContent = vi ? "ngày " + p.d + " tháng " + p.m + " năm " + p.y
      : p.d + " " + months[p.m - 1] + " " + p.y;
    out.className = "echo";
  }

  function renumber(fs) {
    fs.dataset.next = fs.dataset.next || fs.querySelectorAll("tbody tr").length;
  }

  function addRow(fs) {
    renumber(fs);
    var tpl = fs.querySelector("template");
    var i = fs.dataset.next++;
    var html = tpl.innerHTML.split("__i__").join(String(i));
    var body = fs.querySelector("tbody");
    body.insertAdjacentHTML("beforeend", html);
    return body.lastElementChild;
  }

  // Cells pasted from a spreadsheet (tab-separated) fill rows in column
  // order; a choice takes the option whose words or code the cell spells.
  function paste(fs, text) {
    var lines = text.replace(/\r/g, "").split("\n").filter(function (l) { return l.trim() !== ""; });
    var empty = Array.prototype.filter.call(fs.querySelectorAll("tbody tr"), function (tr) {
      return Array.prototype.every.call(tr.querySelectorAll("input, select"), function (e) { return !e.value; });
    });
    lines.forEach(function (line) {
      var tr = empty.shift() || addRow(fs);
      var cells = line.split("\t");
      tr.querySelectorAll("input, select").forEach(function (el, k) {
        var v = (cells[k] || "").trim();
        if (el.tagName === "SELECT") {
          var low = v.toLowerCase();
          Array.prototype.forEach.call(el.options, function (o) {
            if (o.value && (o.value.toLowerCase() === low || o.text.toLowerCase() === low)) el.value = o.value;
          });
        } else {
          el.value = v;
          if (el.classList.contains("date")) echo(el);
        }
      });
    });
  }

  // Problems the answer names by field are shown on the field.
  function mark(form, frame) {
    form.querySelectorAll("small.problem").forEach(function (e) { e.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (e) { e.removeAttribute("aria-invalid"); });
    var doc;
    try { doc = frame.contentDocument; } catch (e) { return; }
    if (!doc) return;
    doc.querySelectorAll("li[data-field]").forEach(function (li) {
      var name = li.getAttribute("data-field");
      if (!name) return;
      var el = form.querySelector('[name="' + name.replace(/"/g, '\\"') + '"]');
      if (!el) return;
      el.setAttribute("aria-invalid", "true");
      var note = document.createElement("small");
      note.className = "problem";
      note.textContent = li.textContent;
      el.insertAdjacentElement("afterend", note);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input.date").forEach(echo);
    var frame = document.querySelector('iframe[name="ket-qua"]');
    document.querySelectorAll("form.live").forEach(function (form) {
      var timer = null;
      var send = function () {
        clearTimeout(timer);
        timer = setTimeout(function () { form.submit(); }, 400);
      };
      form.addEventListener("input", send);
      form.addEventListener("change", send);
      if (frame) frame.addEventListener("load", function () { mark(form, frame); });
    });
    document.querySelectorAll("form.upload").forEach(function (form) {
      if (frame) frame.addEventListener("load", function () { mark(form, frame); });
    });
    // A workbook with several sheets: offer them, each with what it looks like.
    document.querySelectorAll("div.file").forEach(function (div) {
      var input = div.querySelector('input[type="file"]');
      var box = div.querySelector("label.sheet");
      var select = box && box.querySelector("select");
      input.addEventListener("change", function () {
        var f = input.files[0];
        while (select.options.length > 1) select.remove(1);
        box.hidden = true;
        if (!f || !/\.(xlsx|xlsm|xls|ods)$/i.test(f.name)) return;
        var data = new FormData();
        data.append(input.name, f, f.name);
        var action = input.form.getAttribute("action").replace(/tai-len$/, "trang-tinh");
        fetch(action, { method: "POST", body: data }).then(function (r) { return r.ok ? r.json() : null; })
          .then(function (j) {
            if (!j || !j.sheets || j.sheets.length < 2) return;
            j.sheets.forEach(function (s) {
              var o = document.createElement("option");
              o.value = s.name; o.textContent = s.label;
              select.appendChild(o);
            });
            box.hidden = false;
          });
      });
    });
  });

  // A round's sheet: the points the rules give, asked of the server as
  // the officer types (nothing is saved until "Lưu" or "Gửi").
  document.querySelectorAll("form[data-preview]").forEach(function (form) {
    var timer = null;
    var out = form.querySelector("pre.preview");
    function ask() {
      var body = new URLSearchParams(new FormData(form));
      fetch(form.dataset.preview, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (j) {
          if (!j) return;
          var pts = j.points || [];
          form.querySelectorAll("[data-diem]").forEach(function (td) {
            var k = td.dataset.diem;
            var v = k === "tong" ? j.total : pts[+k];
            var b = td.querySelector("b");
            (b || td).textContent = v === undefined ? "…" : v;
          });
          if (out) {
            out.textContent = (j.problems || []).join("\n");
            out.hidden = !(j.problems && j.problems.length);
          }
        });
    }
    // A figure that differs from the earlier stage's is marked as typed.
    function mark(e) {
      var label = e.target.closest && e.target.closest("label[data-truoc]");
      if (label) label.classList.toggle("khac", e.target.value.trim() !== label.dataset.truoc);
    }
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    // Points shown for figures no longer on the form are marked as pending.
    function pending() {
      form.querySelectorAll("[data-diem]").forEach(function (td) {
        var b = td.querySelector("b");
        (b || td).textContent = "…";
      });
    }
    form.addEventListener("input", pending);
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 300);
    });
    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 100);
    });
  });

  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("input.date")) echo(e.target);
  });

  document.addEventListener("click", function (e) {
    var t = e.target;
    var fs = t.closest && t.closest("fieldset.rows");
    if (t.closest("button.add") && fs) { e.preventDefault(); addRow(fs); return; }
    if (t.closest("button.remove") && fs) {
      e.preventDefault();
      var tr = t.closest("tr");
      var form = t.closest("form");
      tr.remove();
      if (form && form.classList.contains("live")) form.dispatchEvent(new Event("change"));
      return;
    }
    if (t.closest("button.paste") && fs) {
      e.preventDefault();
      var area = fs.querySelector("textarea");
      paste(fs, area.value);
      area.value = "";
      var f = t.closest("form");
      if (f) f.dispatchEvent(new Event("change"));
      return;
    }
    // "In kết quả": prints the result frame alone, with its own A4 layout.
    var b = t.closest("button.print");
    if (!b) return;
    e.preventDefault();
    var frame = document.querySelector('iframe[name="ket-qua"]');
    if (frame && frame.contentWindow) frame.contentWindow.print();
  });
})();
