// Board canvas: labels centred inside their boxes, zoom and pan, on the drawing canvas
// of streamlit-drawable-canvas (fabric.js 6 bundled inside the package, which exports
// no handle to it). fabric's constructors begin with `Object.assign(this, defaults)`,
// so a thin wrapper of Object.assign sees each fabric object and canvas as it is built:
// the LabeledRect class gets a label drawn centred inside the box (also in the PNG,
// which fabric renders with the same code), and each drawing canvas gets zoom and pan.
// Zoom and pan only change fabric's viewport: objects keep their board coordinates.
const BOARD = (window.__ipBoardCanvas = window.__ipBoardCanvas || {
  installed: false,
  labelPatched: false,
  canvases: new Set(),
  kinds: new WeakMap(),
  view: null, // the last viewport (zoom, pan) and the canvas width it was made at
  space: false,
  hover: null,
});
const MIN_FONT = 7; // px: below this a label is cut with an ellipsis instead
const LABEL_PAD = 5; // px between the label and the box's outline
const FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";

function kindOf(target) {
  const ctor = target.constructor;
  if (typeof ctor !== "function") return "";
  let kind = BOARD.kinds.get(ctor);
  if (kind === undefined) {
    const proto = ctor.prototype || {};
    if (ctor.type === "LabeledRect") kind = "label";
    else if (typeof proto.zoomToPoint === "function" && typeof proto.getActiveObject === "function") {
      kind = "canvas"; // the interactive drawing canvas (not the static background one)
    } else kind = "";
    BOARD.kinds.set(ctor, kind);
  }
  return kind;
}

function watch(target) {
  if (target === null || typeof target !== "object") return;
  const kind = kindOf(target);
  if (kind === "label" && !BOARD.labelPatched) patchLabels(Object.getPrototypeOf(target));
  if (kind === "canvas" && !BOARD.canvases.has(target)) {
    BOARD.canvases.add(target);
    setTimeout(() => setUp(target), 0); // its elements exist once the constructor returns
  }
}

function install() {
  if (BOARD.installed) return;
  BOARD.installed = true;
  const assign = Object.assign;
  Object.assign = function (target, ...sources) {
    const out = assign(target, ...sources);
    try {
      watch(out);
    } catch (_) {
      // never let the board's hook break anyone's Object.assign
    }
    return out;
  };
}

function patchLabels(proto) {
  BOARD.labelPatched = true;
  const render = proto._render;
  proto._render = function (ctx) {
    const editing = this.chipSuppressed; // true while the label is being edited in place
    this.chipSuppressed = true; // the package's chip above the box is not drawn
    try {
      render.call(this, ctx);
    } finally {
      this.chipSuppressed = editing;
    }
    if (this.label && !editing) drawLabel(ctx, this);
  };
  // The package's in-place label editor opens at the chip's anchor: put that anchor far
  // enough down that the editor opens inside the box, where the label is drawn.
  proto.getLabelAnchorLocal = function () {
    const chip = (this.fontSize || 16) + 8; // the chip's height (font size and padding)
    const x = -this.width / 2 + 4 / (this.scaleX || 1);
    return { x, y: -this.height / 2 + (chip + 8) / (this.scaleY || 1) };
  };
  prune(null);
  for (const canvas of BOARD.canvases) canvas.requestRenderAll();
}

function prune(keep) {
  for (const canvas of BOARD.canvases) {
    const el = canvas.upperCanvasEl;
    if (canvas !== keep && !(el && el.isConnected)) BOARD.canvases.delete(canvas);
  }
}

function wrapWords(ctx, text, width, breakWords) {
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (ctx.measureText(next).width <= width) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    if (ctx.measureText(line).width <= width) continue;
    if (!breakWords) return null; // a smaller font first, before a word is broken
    while (ctx.measureText(line).width > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && ctx.measureText(line.slice(0, cut)).width > width) cut -= 1;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  return lines;
}

function fitLabel(ctx, text, width, height, largest) {
  for (let size = Math.max(largest, MIN_FONT); size >= MIN_FONT; size -= 1) {
    ctx.font = `${size}px ${FONT}`;
    const lines = wrapWords(ctx, text, width, false);
    if (lines && lines.length * size * 1.2 <= height) return { size, lines };
  }
  ctx.font = `${MIN_FONT}px ${FONT}`;
  const rows = Math.max(1, Math.floor(height / (MIN_FONT * 1.2)));
  const all = wrapWords(ctx, text, width, true);
  const lines = all.slice(0, rows);
  if (all.length > rows) lines[rows - 1] = `${lines[rows - 1].slice(0, -1)}…`;
  return { size: MIN_FONT, lines };
}

function inkFor(colour) {
  const hex = /^#([0-9a-f]{6})$/i.exec(typeof colour === "string" ? colour : "");
  if (!hex) return "#31333f";
  const n = parseInt(hex[1], 16);
  const light = (0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
  return light > 0.6 ? "#31333f" : colour; // a pale outline's colour would not read on white
}

function drawLabel(ctx, box) {
  const sx = box.scaleX || 1;
  const sy = box.scaleY || 1;
  const inset = LABEL_PAD + (box.strokeWidth || 0) / 2;
  const width = Math.abs(box.width * sx) - 2 * inset;
  const height = Math.abs(box.height * sy) - 2 * inset;
  if (width < MIN_FONT || height < MIN_FONT) return;
  ctx.save();
  ctx.scale(1 / sx, 1 / sy); // the label keeps its font size when the box is scaled
  const { size, lines } = fitLabel(ctx, String(box.label), width, height, box.fontSize || 16);
  ctx.font = `${size}px ${FONT}`;
  ctx.fillStyle = inkFor(box.stroke);
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  const step = size * 1.2;
  lines.forEach((line, i) => ctx.fillText(line, 0, (i - (lines.length - 1) / 2) * step));
  ctx.restore();
}
