// `python -m book preview`: injected into every served page. Reloads the page when a new build is
// ready and shows, in Russian, why the last save could not be built (the page below stays the last
// good build). The server's state comes first inline (window.bookPreview), then over a WebSocket.
(function () {
  "use strict";
  var loaded = window.bookPreview.version;

  function box(id, css) {
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement("div");
      el.id = id;
      el.setAttribute("style", css);
      document.body.appendChild(el);
    }
    return el;
  }

  function clear(id) {
    var el = document.getElementById(id);
    if (el) el.remove();
  }

  function render(state) {
    if (state.status === "error") {
      var panel = box("book-preview-errors",
        "position:fixed;left:0;right:0;bottom:0;z-index:99999;max-height:45vh;overflow:auto;" +
        "background:#fff4f4;color:#5a0000;border-top:4px solid #c00;padding:12px 20px;" +
        "font:14px/1.45 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.2)");
      panel.setAttribute("role", "alert");
      panel.textContent = "";
      var title = document.createElement("strong");
      title.textContent = state.title;
      var close = document.createElement("button");
      close.textContent = "Скрыть";
      close.setAttribute("style", "float:right;margin-left:1em");
      close.onclick = function () { panel.remove(); };
      var list = document.createElement("pre");
      list.setAttribute("style", "white-space:pre-wrap;margin:8px 0 0;font:13px/1.45 monospace");
      list.textContent = state.lines.join("\n");
      panel.append(close, title, list);
    } else if (state.status === "ok") {
      clear("book-preview-errors");
    }
    if (state.status === "building" || state.status === "offline") {
      var pill = box("book-preview-status",
        "position:fixed;right:12px;top:12px;z-index:99999;background:#333;color:#fff;" +
        "padding:4px 10px;border-radius:12px;font:13px system-ui,sans-serif;opacity:.85");
      pill.textContent = state.status === "building" ? "Пересборка…" : "Предпросмотр остановлен";
    } else {
      clear("book-preview-status");
    }
  }

  function connect() {
    var ws = new WebSocket("ws://" + location.host + "/__preview__/ws");
    ws.onmessage = function (event) {
      var state = JSON.parse(event.data);
      if (state.version !== loaded && state.status !== "building") {
        location.reload();  // a newer good build than the one this page came from
        return;
      }
      render(state);
    };
    ws.onclose = function () {
      render({ status: "offline" });
      setTimeout(connect, 1000);
    };
  }

  function start() {
    render(window.bookPreview);
    connect();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
