/* Ask before actions that are hard to undo: buttons carry their question in data-confirm. */
(function () {
  "use strict";
  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  });
})();

/* Large downloads take a while on slow machines: say so while the file is being prepared. */
(function () {
  "use strict";
  document.querySelectorAll("a[data-wait]").forEach(function (link) {
    link.addEventListener("click", function () {
      var note = document.createElement("span");
      note.className = "text-muted ml-2 wait-note";
      note.setAttribute("role", "status");
      note.textContent = "Đang chuẩn bị tệp, xin chờ…";
      link.after(note);
      setTimeout(function () { note.remove(); }, 15000);
    });
  });
})();

/* Show the chosen file's name in Bootstrap's file field, whose native text is the browser's. */
(function () {
  "use strict";
  document.querySelectorAll(".custom-file-input").forEach(function (input) {
    input.addEventListener("change", function () {
      var label = input.parentNode.querySelector(".custom-file-label");
      if (label && input.files.length) label.textContent = input.files[0].name;
    });
  });
})();
