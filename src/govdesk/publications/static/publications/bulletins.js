/* Distribution pickers: a group's "全选" box ticks or clears every box of its group. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-check-all]");
    if (!all) return;
    var form = all.form || document;
    form.querySelectorAll('[data-group="' + all.dataset.checkAll + '"]').forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();
