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
  // Name the files chosen (they go up with the save).
  document.addEventListener("change", function (event) {
    if (event.target.id !== "id_files") return;
    var names = Array.prototype.map.call(event.target.files, function (f) { return f.name; });
    document.getElementById("files-chosen").textContent = names.length
      ? "已选 " + names.length + " 个文件：" + names.join("、") + "（保存时上传）"
      : "未选择文件";
  });
  // Back from the browser's cache after a save: the form is live again.
  window.addEventListener("pageshow", function () { saving = false; });
})();
