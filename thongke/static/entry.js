/* Data-entry grid: keyboard moves, Vietnamese number format, live rule checks.
   Works on top of a plain HTML form: without JavaScript, saving still works. */
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.num"));
  var rules = JSON.parse(document.getElementById("rules-data").textContent || "[]");

  function parseNumber(text, decimal) {
    text = (text || "").replace(/\s/g, "");
    if (text === "") return null;
    if (decimal && text.indexOf(",") >= 0) {
      text = text.replace(/\./g, "").replace(",", ".");
    } else if (/^\d{1,3}(\.\d{3})+$/.test(text)) {
      text = text.replace(/\./g, "");
    } else if (!decimal && /\./.test(text)) {
      return NaN;
    }
    if (!/^\d*\.?\d+$/.test(text)) return NaN;
    return Number(text);
  }

  function formatNumber(value, decimal) {
    var parts = String(value).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return parts.length > 1 && decimal ? parts[0] + "," + parts[1] : parts[0];
  }

  function evaluate(node, values) {
    var op = node[0], a = node[1], b = node[2];
    switch (op) {
      case "num": return Number(a);
      case "key": return values[a] == null || isNaN(values[a]) ? 0 : values[a];
      case "neg": return -evaluate(a, values);
      case "not": return !evaluate(a, values);
      case "and": return evaluate(a, values) && evaluate(b, values);
      case "or": return evaluate(a, values) || evaluate(b, values);
      case "+": return evaluate(a, values) + evaluate(b, values);
      case "-": return evaluate(a, values) - evaluate(b, values);
      case "*": return evaluate(a, values) * evaluate(b, values);
      case "==": return Math.abs(evaluate(a, values) - evaluate(b, values)) < 1e-9;
      case "!=": return Math.abs(evaluate(a, values) - evaluate(b, values)) >= 1e-9;
      case "<=": return evaluate(a, values) <= evaluate(b, values) + 1e-9;
      case ">=": return evaluate(a, values) + 1e-9 >= evaluate(b, values);
      case "<": return evaluate(a, values) < evaluate(b, values);
      case ">": return evaluate(a, values) > evaluate(b, values);
    }
    return true;
  }

  function keysOf(node, found) {
    if (node[0] === "key") found[node[1]] = true;
    else if (node[0] !== "num") node.slice(1).forEach(function (n) { keysOf(n, found); });
    return found;
  }

  function checkRules() {
    var list = document.getElementById("rule-list");
    if (!list) return;
    inputs.forEach(function (input) { input.parentNode.classList.remove("cell-flagged"); });
    var items = [];
    rules.forEach(function (rule) {
      var keys = Object.keys(keysOf(rule.node, {}));
      rule.sections.forEach(function (sectionKey) {
        var table = form.querySelector('table[data-section="' + sectionKey + '"]');
        if (!table) return;
        table.querySelectorAll("tbody tr").forEach(function (tr) {
          var values = {}, cells = {}, any = false;
          tr.querySelectorAll("input.num").forEach(function (input) {
            values[input.dataset.key] = parseNumber(input.value, input.dataset.decimal === "1");
            cells[input.dataset.key] = input;
          });
          keys.forEach(function (k) { if (values[k] != null) any = true; });
          if (!any || evaluate(rule.node, values)) return;
          keys.forEach(function (k) { if (cells[k]) cells[k].parentNode.classList.add("cell-flagged"); });
          var rows = table.querySelectorAll("tbody tr").length;
          var label = tr.querySelector("th").textContent.trim();
          items.push({ severity: rule.severity,
                       text: (rows > 1 ? "Dòng “" + label + "”: " : "") + rule.message });
        });
      });
    });
    list.innerHTML = "";
    if (!items.length) {
      var ok = document.createElement("li");
      ok.className = "rule rule-ok";
      ok.textContent = "Không có lỗi nào theo các quy tắc của biểu.";
      list.appendChild(ok);
    }
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "rule rule-" + item.severity;
      var strong = document.createElement("strong");
      strong.textContent = item.severity === "error" ? "Lỗi: " : "Cảnh báo: ";
      li.appendChild(strong);
      li.appendChild(document.createTextNode(item.text));
      list.appendChild(li);
    });
  }

  function move(input, dRow, dCol) {
    var td = input.parentNode, tr = td.parentNode;
    var col = Array.prototype.indexOf.call(tr.children, td);
    if (dRow === 0) {
      var index = inputs.indexOf(input) + dCol;
      if (index >= 0 && index < inputs.length) inputs[index].focus();
      return;
    }
    var target = dRow > 0 ? tr.nextElementSibling : tr.previousElementSibling;
    while (target) {
      var cell = target.children[col];
      var next = cell && cell.querySelector("input.num");
      if (next) { next.focus(); return; }
      target = dRow > 0 ? target.nextElementSibling : target.previousElementSibling;
    }
  }

  inputs.forEach(function (input) {
    input.addEventListener("keydown", function (event) {
      var atStart = input.selectionStart === 0 && input.selectionEnd === 0;
      var atEnd = input.selectionStart === input.value.length;
      if (event.key === "Enter") { event.preventDefault(); move(input, 0, event.shiftKey ? -1 : 1); }
      else if (event.key === "ArrowDown") { event.preventDefault(); move(input, 1, 0); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(input, -1, 0); }
      else if (event.key === "ArrowRight" && atEnd) { event.preventDefault(); move(input, 0, 1); }
      else if (event.key === "ArrowLeft" && atStart) { event.preventDefault(); move(input, 0, -1); }
    });
    input.addEventListener("focus", function () { input.select(); });
    input.addEventListener("input", checkRules);
    input.addEventListener("blur", function () {
      var decimal = input.dataset.decimal === "1";
      var value = parseNumber(input.value, decimal);
      var invalid = value !== null && (isNaN(value) || value < 0);
      input.classList.toggle("is-invalid", invalid);
      if (value !== null && !invalid) input.value = formatNumber(value, decimal);
    });
  });

  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
  checkRules();
})();

