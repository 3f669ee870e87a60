/* GovDesk page behaviour: menu toggle, dialogs, busy buttons, unit pickers, phone cards,
   and a local copy of every form marked data-keep so typed text survives an expired
   session or a crash until it is saved. */
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
  // A dialog the server sent open (its form was refused: the text as typed, the
  // message above) becomes the modal it was when the user typed into it.
  document.querySelectorAll("dialog[open][data-reopen]").forEach(function (dialog) {
    dialog.close();
    dialog.showModal();
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
  });

  // Slow work shows that it is working and cannot be pressed twice. A link or submit
  // button with data-busy="正在生成…" shows that text, greyed and disabled, once
  // pressed. A page load ends it; a download (data-download on the link or its form)
  // ends when the file arrives: the request carries a token that the server returns
  // in the govdesk_download cookie with the file (web/middleware.py).
  var COOKIE = "govdesk_download=";
  function busy(el) {
    el.dataset.idle = el.textContent;
    el.textContent = el.dataset.busy;
    el.classList.add("is-busy");
    el.setAttribute("aria-busy", "true");
    el.setAttribute("aria-disabled", "true");
  }
  function idle(el) {
    if (!el || !el.classList.contains("is-busy")) return;
    el.textContent = el.dataset.idle;
    el.classList.remove("is-busy");
    el.removeAttribute("aria-busy");
    el.removeAttribute("aria-disabled");
    el.disabled = false;
  }
  function newToken() {
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  }
  function awaitFile(token, done) {
    var started = Date.now();
    var timer = setInterval(function () {
      if (document.cookie.indexOf(COOKIE + token) !== -1 || Date.now() - started > 600000) {
        clearInterval(timer);
        document.cookie = COOKIE + "; max-age=0; path=/";
        done();
      }
    }, 250);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-busy]");
    if (!link) return;
    if (link.classList.contains("is-busy")) { event.preventDefault(); return; }
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;  // opens elsewhere
    busy(link);
    if (!link.hasAttribute("data-download")) return;
    event.preventDefault();
    var token = newToken();
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("download_token", token);
    awaitFile(token, function () { idle(link); });
    window.location.href = url.toString();
  });
  // One click per submit: a second click while the request is in flight does nothing.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented) return;  // htmx sends it, or it was refused
    if (form.dataset.submitting === "true") { event.preventDefault(); return; }
    form.dataset.submitting = "true";
    var button = event.submitter && event.submitter.matches("[data-busy]") ? event.submitter : null;
    var release = function () { form.dataset.submitting = "false"; idle(button); };
    if (form.hasAttribute("data-download")) {
      var field = form.querySelector("input[name=download_token]");
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "download_token";
        form.appendChild(field);
      }
      field.value = newToken();
      awaitFile(field.value, release);
    } else {
      setTimeout(release, 8000);
    }
    if (button) {
      busy(button);
      // Disabled only after the browser has taken the button's name and value.
      setTimeout(function () { button.disabled = true; }, 0);
    }
  });
  // Unit pickers (units/widgets.py): filter the list as the user types, select or clear
  // the units listed, and keep the collapsed line saying what is chosen.
  function pickerSummary(picker) {
    var names = [];
    picker.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      names.push(box.parentNode.textContent.trim());
    });
    var text = names.join("、");
    if (text.length > 40) text = text.slice(0, 39) + "…";
    picker.querySelector("[data-picker-summary]").textContent =
      names.length ? "已选 " + names.length + " 个：" + text : "未选单位";
  }
  function pickerListed(picker) {
    return Array.prototype.filter.call(picker.querySelectorAll(".unit-picker-list label"), function (label) {
      return !label.hidden;
    });
  }
  document.addEventListener("input", function (event) {
    var search = event.target.closest("[data-picker-search]");
    if (!search) return;
    var picker = search.closest("[data-unit-picker]");
    var words = search.value.trim().toLowerCase();
    var shown = 0;
    picker.querySelectorAll(".unit-picker-list label").forEach(function (label) {
      label.hidden = words !== "" && label.dataset.search.indexOf(words) === -1;
      if (!label.hidden) shown += 1;
    });
    picker.querySelector(".unit-picker-none").hidden = shown > 0;
  });
  document.addEventListener("change", function (event) {
    var picker = event.target.closest("[data-unit-picker]");
    if (picker && event.target.type === "checkbox") pickerSummary(picker);
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-picker-all], [data-picker-none]");
    if (!button) return;
    var picker = button.closest("[data-unit-picker]");
    var check = button.hasAttribute("data-picker-all");
    pickerListed(picker).forEach(function (label) { label.querySelector("input").checked = check; });
    pickerSummary(picker);
  });
  // Wide tables (class "cards") become one card per row on a phone; each cell is
  // labelled with its column heading unless the template gave it a data-label.
  function labelCells(root) {
    root.querySelectorAll("table.cards").forEach(function (table) {
      var headings = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          if (!cell.hasAttribute("data-label") && headings[index]) cell.dataset.label = headings[index];
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { labelCells(document); });
  // Parts of a page that htmx replaces (the duty board every 15 s) are labelled anew.
  document.addEventListener("htmx:load", function (event) { labelCells(event.target.parentNode || document); });
  // Back to a page kept in the browser's cache: nothing on it is still working.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll(".is-busy").forEach(idle);
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      form.dataset.submitting = "false";
    });
  });
})();
