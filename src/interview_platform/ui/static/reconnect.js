// After the page's websocket reconnects, ask for one full run of the page.
//
// When several app processes serve the app (startup.sh --processes N, compose "scale")
// and the process behind a tab dies, the browser reconnects through the proxy to another
// one. That process has never run this tab's page, so it drops the reruns of the page's
// fragments (the chat box among them): a typed answer would be lost. A full run there
// rebuilds the page from PostgreSQL and registers its fragments again. Only sockets
// opened after this script is loaded count, so the first connection is not a reconnect.
const STREAM = "/_stcore/stream";

const watch = (state) => {
  const Native = window.WebSocket;
  function Watched(url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (String(url).includes(STREAM)) {
      socket.addEventListener("open", () => {
        // Let the frontend finish its own hand-shake before the rerun request.
        setTimeout(() => state.trigger && state.trigger("reconnected", Date.now()), 300);
      });
    }
    return socket;
  }
  Watched.prototype = Native.prototype;
  Object.assign(Watched, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Watched;
};

export default function (component) {
  let state = window.__ipReconnect;
  if (!state) {
    state = window.__ipReconnect = { trigger: null };
    watch(state);
  }
  state.trigger = component.setTriggerValue; // the latest page's, after every redraw
}
