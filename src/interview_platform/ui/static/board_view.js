// Board view: zoom and pan on the drawing canvas (fabric's viewport only, so objects keep
// their board coordinates and the PNG is always the whole board), and the edit toggle
// kept across a remount. Loaded after board_canvas.js, which finds the canvases.
const MAX_ZOOM = 4;
const IDENTITY = [1, 0, 0, 1, 0, 0];
function clampView(canvas, vpt) {
  const zoom = Math.min(Math.max(vpt[0], 1), MAX_ZOOM);
  const w = canvas.getWidth();
  const h = canvas.getHeight();
  // The view never leaves the board: at zoom z it shows a part of it, at 1 all of it.
  const x = Math.min(0, Math.max(w - w * zoom, vpt[4]));
  const y = Math.min(0, Math.max(h - h * zoom, vpt[5]));
  return [zoom, 0, 0, zoom, x, y];
}

function show(canvas, vpt) {
  const view = clampView(canvas, vpt);
  canvas.setViewportTransform(view);
  BOARD.view = { vpt: view, width: canvas.getWidth(), board: canvas.__ipBoard };
  if (canvas.__ipFit) canvas.__ipFit.hidden = view[0] === 1;
}

function zoomAt(canvas, event) {
  const rect = canvas.upperCanvasEl.getBoundingClientRect();
  const px = event.clientX - rect.left;
  const py = event.clientY - rect.top;
  const [z, , , , x, y] = canvas.viewportTransform;
  const zoom = Math.min(Math.max(z * Math.pow(0.998, event.deltaY), 1), MAX_ZOOM);
  // The board point under the pointer stays under it.
  show(canvas, [zoom, 0, 0, zoom, px - ((px - x) / z) * zoom, py - ((py - y) / z) * zoom]);
}

function wholeBoardImage(canvas) {
  const toDataURL = canvas.toDataURL;
  canvas.toDataURL = function (...args) {
    const vpt = this.viewportTransform;
    this.viewportTransform = IDENTITY.slice(); // the image is the whole board, not the view
    try {
      return toDataURL.apply(this, args);
    } finally {
      this.setViewportTransform(vpt);
    }
  };
}

function fitButton(canvas, host) {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "⤢ Fit";
  button.title = "Show the whole board (Ctrl/⌘ + wheel zooms, Space + drag pans)";
  button.setAttribute("aria-label", "Show the whole board");
  button.className = "ip-board-fit";
  button.style.cssText =
    "position:absolute;right:6px;bottom:6px;z-index:30;padding:2px 8px;font:12px " +
    FONT + ";border:1px solid #b8bcc4;border-radius:6px;background:#fff;cursor:pointer";
  button.hidden = true;
  button.addEventListener("click", () => show(canvas, IDENTITY));
  host.appendChild(button);
  canvas.__ipFit = button;
}

function panning(canvas, event) {
  return (BOARD.space && BOARD.hover === canvas) || event.button === 1;
}

function listenPan(canvas, host) {
  let last = null;
  const stop = (event) => {
    event.preventDefault();
    event.stopImmediatePropagation(); // fabric's drawing tool never sees a pan
  };
  host.addEventListener("pointerdown", (event) => {
    if (!panning(canvas, event)) return;
    stop(event);
    last = [event.clientX, event.clientY];
    host.setPointerCapture?.(event.pointerId);
  }, true);
  host.addEventListener("pointermove", (event) => {
    if (!last) return;
    stop(event);
    const vpt = canvas.viewportTransform.slice();
    vpt[4] += event.clientX - last[0];
    vpt[5] += event.clientY - last[1];
    last = [event.clientX, event.clientY];
    show(canvas, vpt);
  }, true);
  const end = (event) => {
    if (!last) return;
    stop(event);
    last = null;
  };
  host.addEventListener("pointerup", end, true);
  host.addEventListener("pointercancel", end, true);
  for (const type of ["mousedown", "mouseup", "mousemove"]) {
    host.addEventListener(type, (event) => {
      if (last || (type === "mousedown" && panning(canvas, event))) stop(event);
    }, true);
  }
}

// Which interview's board a canvas shows: its element's key less the version and width
// (``canvas_<session>_<version>_<width>``), so a view is never carried to another board.
function boardOf(host) {
  const root = host.getRootNode();
  const el = root && root.host ? root.host : host;
  const keyed = el.closest ? el.closest('[class*="st-key-canvas_"]') : null;
  const name = keyed ? [...keyed.classList].find((c) => c.startsWith("st-key-canvas_")) : "";
  return (name || "").replace(/_\d+_\d+$/, "");
}

function setUp(canvas) {
  const host = canvas.wrapperEl || (canvas.upperCanvasEl && canvas.upperCanvasEl.parentElement);
  if (!host) return;
  canvas.__ipBoard = boardOf(host);
  wholeBoardImage(canvas);
  fitButton(canvas, host);
  host.addEventListener("wheel", (event) => {
    if (!(event.ctrlKey || event.metaKey)) return;
    event.preventDefault(); // the page is not zoomed, the board is
    zoomAt(canvas, event);
  }, { passive: false });
  host.addEventListener("pointerenter", () => (BOARD.hover = canvas));
  host.addEventListener("pointerleave", () => BOARD.hover === canvas && (BOARD.hover = null));
  listenPan(canvas, host);
  keepEditMode(canvas, host);
  prune(canvas);
  const view = BOARD.view;
  // A canvas remounted at the same size (a new arrow, a moved box) keeps the view.
  if (view && view.board === canvas.__ipBoard && view.width === canvas.getWidth()) {
    show(canvas, view.vpt);
  }
  if (BOARD.labelPatched) canvas.requestRenderAll();
}

function typing(event) {
  const target = event.composedPath()[0] || event.target;
  return target && (target.isContentEditable ||
    ["INPUT", "TEXTAREA", "SELECT", "BUTTON"].includes(target.tagName));
}

function listenSpace() {
  if (BOARD.spaceListening) return;
  BOARD.spaceListening = true;
  document.addEventListener("keydown", (event) => {
    if (event.code !== "Space" || !BOARD.hover || typing(event)) return;
    event.preventDefault(); // space over the board pans it instead of scrolling the page
    BOARD.space = true;
  });
  document.addEventListener("keyup", (event) => {
    if (event.code === "Space") BOARD.space = false;
  });
  window.addEventListener("blur", () => (BOARD.space = false));
}

// The panel remounts the canvas when it corrects arrows after a move; the package's
// edit toggle lives in the old canvas, so a canvas remounted straight after a stroke made
// in edit mode turns it on again.
const EDIT_KEPT_MS = 15000;

function editButton(host) {
  const root = host.getRootNode();
  return root && root.querySelector ? root.querySelector('button[aria-label="Edit"]') : null;
}

function keepEditMode(canvas, host) {
  canvas.on("mouse:up", () => {
    const button = editButton(host);
    if (!button) return;
    BOARD.editing = button.getAttribute("aria-pressed") === "true";
    BOARD.editingAt = Date.now();
    BOARD.editingBoard = canvas.__ipBoard;
  });
  const button = editButton(host);
  const recent = BOARD.editing && BOARD.editingBoard === canvas.__ipBoard &&
    Date.now() - (BOARD.editingAt || 0) < EDIT_KEPT_MS;
  if (recent && button && button.offsetParent && button.getAttribute("aria-pressed") !== "true") {
    button.click();
  }
}

// Both files are read: start watching for the canvas.
install();
listenSpace();
