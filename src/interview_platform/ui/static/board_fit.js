// Board fit: report the width of the block the whiteboard sits in (its column, or the
// page in full screen) and the window's size, so Python can give the canvas a width
// that fits (fabric.js needs numbers) and choose the interview page's layout.
export default function (component) {
  const { setStateValue, parentElement } = component;
  const block = parentElement.closest('[data-testid="stVerticalBlock"]') || parentElement;
  const memo = (window.__ipBoardFit = window.__ipBoardFit || new WeakMap());
  let state = memo.get(parentElement);
  if (!state) {
    state = { sent: "", timer: null, block: null, observer: null };
    memo.set(parentElement, state);
  }
  state.send = setStateValue;
  const report = () => {
    state.timer = null;
    const size = {
      column: Math.floor(state.block.getBoundingClientRect().width),
      window: window.innerWidth,
      height: window.innerHeight,
    };
    const signature = JSON.stringify(size);
    // Only a change is sent: each value sent reruns the panel.
    if (signature === state.sent || size.column <= 0) return;
    state.sent = signature;
    state.send("size", size);
  };
  const schedule = () => {
    if (state.timer === null) state.timer = setTimeout(report, 150);
  };
  if (state.block !== block) {
    if (state.observer) state.observer.disconnect();
    state.block = block;
    state.observer = new ResizeObserver(schedule);
    state.observer.observe(block);
    window.addEventListener("resize", schedule);
  }
  schedule();
  followFullScreen(Boolean(component.data && component.data.full), 50);
  // Keyboard shortcuts for the tools: a letter typed outside any input picks a tool.
  state.trigger = component.setTriggerValue;
  if (!state.keys) {
    state.keys = (event) => {
      const target = event.composedPath()[0] || event.target;
      const typing = target && (target.isContentEditable ||
        ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
      if (typing || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      if (!/^[a-z]$/i.test(event.key) || !parentElement.isConnected) return;
      state.trigger("shortcut", event.key.toLowerCase());
    };
    document.addEventListener("keydown", state.keys);
  }
}

// Full screen folds an open sidebar, as a click on its collapse button would (the
// approach of window_probe.js), so the board can take the window; leaving full screen
// opens it again only if full screen folded it, so a sidebar the candidate had folded
// stays folded. Kept per page load (the panel's element changes with the layout).
function followFullScreen(full, triesLeft) {
  const fold = (window.__ipBoardFold = window.__ipBoardFold || { folded: false, timer: null });
  if (fold.timer !== null) {
    clearTimeout(fold.timer);
    fold.timer = null;
  }
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  let button = null;
  if (full && !fold.folded) {
    if (sidebar && sidebar.getAttribute("data-collapsed") === "true") return;
    button = document.querySelector(
      '[data-testid="stSidebar"][data-collapsed="false"] ' +
        '[data-testid="stSidebarCollapseButton"] button'
    );
  } else if (!full && fold.folded) {
    if (sidebar && sidebar.getAttribute("data-collapsed") === "false") {
      fold.folded = false; // the candidate opened it again in full screen
      return;
    }
    button = document.querySelector('[data-testid="stExpandSidebarButton"]');
  } else {
    return;
  }
  if (button) {
    fold.folded = full;
    button.click();
  } else if (triesLeft > 0) {
    // The sidebar (or its expand button) may not be drawn yet.
    fold.timer = setTimeout(() => followFullScreen(full, triesLeft - 1), 100);
  }
}
