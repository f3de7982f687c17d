// Where RequireJS finds the modules the widget manager asks for, before it would try a CDN:
// anywidget's AMD build sits next to this file (the site's shared folder). The URL is made
// from this script's own address, so the site works under any sub-path and from file://.
(function () {
  var here = document.currentScript.src.replace(/[^/]*$/, "");
  window.requirejs.config({ paths: { anywidget: here + "anywidget" } });
})();
