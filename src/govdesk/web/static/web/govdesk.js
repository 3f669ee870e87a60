/* GovDesk page behaviour: menu toggle, dialogs, and a local copy of every form marked
   data-keep so typed text survives an expired session or a crash until it is saved. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-toggle-nav]");
    if (toggle) {
      var nav = document.getElementById("sidenav");
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    var opener = event.target.closest("[data-dialog]");
    if (opener) {
      var dialog = document.getElementById(opener.dataset.dialog);
      if (dialog) { event.preventDefault(); dialog.showModal(); }
    }
    var closer = event.target.closest("[data-close-dialog]");
    if (closer) { closer.closest("dialog").close(); }
    // No inline handlers (the Content Security Policy forbids them): print buttons and
    // "select all" boxes say what they do with data attributes.
    if (event.target.closest("[data-print]")) { window.print(); }
    var all = event.target.closest("[data-check-all]");
    if (all) {
      document.querySelectorAll("input[name='" + all.dataset.checkAll + "']").forEach(function (box) {
        box.checked = all.checked;
      });
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) { event.target.form.submit(); }
  });

  // Forms with data-keep="<key>" are copied to localStorage as the user types.
  function fields(form) {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "file" || el.type === "submit") return;
      if (el.type === "checkbox") { data[el.name] = el.checked; return; }
      data[el.name] = el.value;
    });
    return data;
  }
  function differs(saved, current) {
    return Object.keys(saved).some(function (k) { return k in current && saved[k] !== current[k]; });
  }
  function restore(form, saved) {
    Object.keys(saved).forEach(function (name) {
      var el = form.elements[name];
      if (!el || el.type === "hidden") return;
      if (el.type === "checkbox") el.checked = saved[name]; else el.value = saved[name];
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    // A page reached after a successful save names the local copies it supersedes.
    document.querySelectorAll("[data-clear-keep]").forEach(function (el) {
      el.dataset.clearKeep.split(" ").forEach(function (k) { localStorage.removeItem("govdesk:" + k); });
    });
    document.querySelectorAll("form[data-keep]").forEach(function (form) {
      var key = "govdesk:" + form.dataset.keep;
      var raw = localStorage.getItem(key);
      if (raw) {
        var saved = JSON.parse(raw);
        if (differs(saved.fields, fields(form))) {
          var bar = document.createElement("div");
          bar.className = "restore";
          bar.innerHTML = "本机保存有 " + saved.at + " 未提交的内容。 " +
            "<button type='button' class='btn btn-small' data-restore>恢复</button> " +
            "<button type='button' class='btn btn-small' data-discard>丢弃</button>";
          form.parentNode.insertBefore(bar, form);
          bar.querySelector("[data-restore]").onclick = function () { restore(form, saved.fields); bar.remove(); };
          bar.querySelector("[data-discard]").onclick = function () { localStorage.removeItem(key); bar.remove(); };
        }
      }
      form.addEventListener("input", function () {
        var now = new Date();
        localStorage.setItem(key, JSON.stringify({
          at: now.toLocaleString("zh-CN", { hour12: false }), fields: fields(form)
        }));
      });
    });
    // A failed autosave (server error, refused request, network down) must not look
    // like success: say so, and that the text is still in this browser.
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var target = event.detail.target;
      if (!target || target.id !== "autosave" || event.detail.successful) return;
      var status = event.detail.xhr ? event.detail.xhr.status : 0;
      target.innerHTML = "<span class='overdue'>自动保存未成功" +
        (status ? "（" + status + "）" : "（网络中断）") + "，内容已暂存在本机浏览器，请稍后点击保存。</span>";
    });
    // One click per submit: a second click while the request is in flight does nothing.
    document.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.submitting === "true") { event.preventDefault(); return; }
        form.dataset.submitting = "true";
        setTimeout(function () { form.dataset.submitting = "false"; }, 8000);
      });
    });
  });
})();
