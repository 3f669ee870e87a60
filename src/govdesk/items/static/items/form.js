/* The item form: once it is being saved, a pending autosave must not fire. The save
   may take a while (files go up with it); an autosave let through meanwhile would
   create a second draft from a new item's form. */
(function () {
  "use strict";
  var saving = false;
  document.addEventListener("submit", function (event) {
    if (event.target.id === "item-form") saving = true;
  });
  document.addEventListener("htmx:confirm", function (event) {
    if (saving && event.target.id === "autosave") event.preventDefault();
  });
  // The files chosen: refused at once when the server would refuse them (type by name,
  // size by kind, in the server's words: items/attachments.py), the rest shown before
  // the save, images as thumbnails from object URLs (no upload yet).
  var previewUrls = [];
  function sizeText(bytes) {
    return bytes < 1024 * 1024
      ? Math.max(1, Math.round(bytes / 1024)) + " KB"
      : (bytes / 1024 / 1024).toFixed(1) + " MB";
  }
  function refusal(file, rules) {
    var name = file.name;
    var ext = name.indexOf(".") < 0 ? "" : name.split(".").pop().toLowerCase();
    var kind = rules.kinds[ext];
    if (!file.size) return "“" + name + "”是空文件（0 字节），请检查后重新上传。";
    if (!kind) return "无法识别“" + name + "”的文件类型，请上传图片、音视频或常用文档。";
    var limit = rules.limits[kind];
    if (file.size > limit[0] * 1024 * 1024) {
      return "“" + name + "”大小为 " + (file.size / 1024 / 1024).toFixed(1) + " MB，超过" +
        limit[1] + "的上限 " + limit[0] + " MB。";
    }
    return "";
  }
  function item(file, isImage) {
    var li = document.createElement("li");
    if (isImage) {
      var url = URL.createObjectURL(file);
      previewUrls.push(url);
      var img = document.createElement("img");
      img.className = "thumb";
      img.src = url;
      img.alt = file.name;
      li.className = "attachment-image";
      li.appendChild(img);
    }
    var name = document.createElement("span");
    name.textContent = file.name;
    var size = document.createElement("span");
    size.className = "muted";
    size.textContent = sizeText(file.size);
    li.appendChild(name);
    li.appendChild(size);
    return li;
  }
  function list(id, children) {
    var el = document.getElementById(id);
    el.replaceChildren.apply(el, children);
    el.hidden = !children.length;
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.id !== "id_files") return;
    var rules = JSON.parse(input.dataset.rules);
    previewUrls.forEach(URL.revokeObjectURL);
    previewUrls = [];
    var kept = new DataTransfer(), refused = [], shown = [];
    Array.prototype.forEach.call(input.files, function (file) {
      var why = refusal(file, rules);
      if (why) {
        var li = document.createElement("li");
        li.textContent = why;
        refused.push(li);
        return;
      }
      kept.items.add(file);
      // Shown only where the browser can draw it (not TIFF); the server still checks content.
      shown.push(item(file, /^image\/(jpeg|png|gif|bmp|webp)$/.test(file.type)));
    });
    if (refused.length) input.files = kept.files;  // refused files never go up
    list("files-refused", refused);
    list("files-preview", shown);
    document.getElementById("files-chosen").textContent = shown.length
      ? "已选 " + shown.length + " 个文件（保存时上传）"
      : "未选择文件";
  });
  // Back from the browser's cache after a save: the form is live again.
  window.addEventListener("pageshow", function () { saving = false; });
})();
