// Window probe: in a window narrower than the one-column width, fold the sidebar away
// once, as a click on its collapse button would (issue 13). It is done here, in the
// browser, rather than by a value sent to Python: a value sent while the page is still
// being drawn reruns the script mid-run, and that rerun could reset a widget the
// candidate was about to use. Once per page load: a sidebar the candidate opens again
// stays open while they move between pages; a reload folds it again.
export default function (component) {
  const { data } = component;
  const below = (data && data.below) || 1024;
  const probe = (window.__ipWindowProbe = window.__ipWindowProbe || { folded: false });
  const button = () =>
    document.querySelector(
      '[data-testid="stSidebar"][data-collapsed="false"] ' +
        '[data-testid="stSidebarCollapseButton"] button'
    );
  const fold = (triesLeft) => {
    probe.timer = null;
    if (probe.folded || window.innerWidth >= below) return;
    const collapse = button();
    if (collapse) {
      probe.folded = true;
      collapse.click();
    } else if (triesLeft > 0) {
      // The sidebar may not be drawn yet on the first page of a visit.
      probe.timer = setTimeout(() => fold(triesLeft - 1), 100);
    }
  };
  if (!probe.listening) {
    probe.listening = true;
    // A window made narrow later folds the sidebar then (still only once).
    window.addEventListener("resize", () => {
      if (!probe.timer) probe.timer = setTimeout(() => fold(20), 200);
    });
  }
  if (!probe.timer) fold(50);
}
