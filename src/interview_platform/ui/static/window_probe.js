// Window probe: tell Python once when the window is narrower than the one-column width,
// so the page folds the sidebar away (issue 13). A wide window sends nothing, so it costs
// no rerun; the flag lives as long as the page in the tab (a reload sends it again, as a
// reload also starts a new Streamlit session with the sidebar open).
export default function (component) {
  const { setStateValue, data } = component;
  const below = (data && data.below) || 1024;
  const probe = (window.__ipWindowProbe = window.__ipWindowProbe || { sent: false });
  probe.send = setStateValue;
  const check = () => {
    probe.timer = null;
    if (probe.sent || window.innerWidth >= below) return;
    probe.sent = true;
    probe.send("narrow", window.innerWidth);
  };
  if (!probe.listening) {
    probe.listening = true;
    // A window made narrow later folds the sidebar then (once).
    window.addEventListener("resize", () => {
      if (!probe.timer) probe.timer = setTimeout(check, 200);
    });
  }
  check();
}
