// A device's own line under the bottom bar: its connection state in plain words, a Retry
// that asks the browser again without reloading the page, and what the candidate needs
// to trust it works: a small muted preview of the camera, a level meter for the mic.
// The stream is the browser's own (the recorder opens its own over WebRTC), so the
// preview and the meter cost the server nothing. "ok" or the browser's error goes to
// Python, which draws the recorder only once the device answered.
const LABELS = { audio: "Microphone", video: "Camera" };
const NOUNS = { audio: "microphone", video: "camera" };

function stateOf(name) {
  if (["NotAllowedError", "SecurityError", "PermissionDeniedError"].includes(name)) return "blocked";
  if (["NotFoundError", "OverconstrainedError", "DevicesNotFoundError"].includes(name)) return "missing";
  if (["NotReadableError", "AbortError", "TrackStartError"].includes(name)) return "busy";
  return "error";
}

function words(kind, state, detail) {
  const noun = NOUNS[kind];
  const text = {
    connecting: "connecting…",
    connected: "connected",
    blocked: "blocked by the browser — allow it in the address bar, then Retry",
    missing: `no ${noun} found — connect one, then Retry`,
    busy: `could not start (is another application using the ${noun}?) — then Retry`,
    ended: "disconnected — Retry to connect it again",
    error: `could not be used (${detail}) — Retry`,
  }[state];
  return `${LABELS[kind]}: ${text}`;
}

function build(parentElement, kind) {
  const root = document.createElement("div");
  root.className = "ip-device ip-row";
  root.dataset.kind = kind;
  const view =
    kind === "video"
      ? '<span class="ip-preview-box"><video class="ip-preview" muted autoplay playsinline ' +
        'aria-label="Your camera preview"></video></span>'
      : '<span class="ip-meter" role="meter" aria-label="Microphone level" aria-valuemin="0" ' +
        'aria-valuemax="100" aria-valuenow="0"><span class="ip-meter-bar"></span></span>';
  root.innerHTML =
    view +
    '<span class="ip-device-state ip-status" role="status"></span>' +
    '<button type="button" class="ip-btn ip-device-retry" hidden>↻ Retry</button>';
  parentElement.appendChild(root);
  return root;
}

function startMeter(entry, stream) {
  // WebAudio in the browser: the analyser reads the same stream; nothing reaches Python.
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context) return;
  const context = new Context();
  context.resume().catch(() => {});
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const meter = entry.root.querySelector(".ip-meter");
  const bar = entry.root.querySelector(".ip-meter-bar");
  const tick = () => {
    if (entry.context !== context) return;
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) sum += s * s;
    // RMS on a dB scale: -60 dB (silence) .. 0 dB (full scale) -> 0..100.
    const db = 10 * Math.log10(sum / samples.length + 1e-12);
    const level = Math.max(0, Math.min(100, Math.round(((db + 60) / 60) * 100)));
    bar.style.width = `${level}%`;
    meter.setAttribute("aria-valuenow", String(level));
    entry.root.dataset.level = String(level);
    entry.root.dataset.peak = String(Math.max(level, Number(entry.root.dataset.peak || 0)));
    entry.frame = requestAnimationFrame(tick);
  };
  entry.context = context;
  entry.frame = requestAnimationFrame(tick);
}

function release(entry) {
  if (entry.frame) cancelAnimationFrame(entry.frame);
  if (entry.context) entry.context.close().catch(() => {});
  if (entry.stream) entry.stream.getTracks().forEach((t) => t.stop());
  entry.stream = entry.context = entry.frame = null;
}

export default function (component) {
  const { data, setStateValue, parentElement } = component;
  const kind = data.kind === "video" ? "video" : "audio";
  const devices = (window.__ipDevices = window.__ipDevices || new WeakMap());
  let entry = devices.get(parentElement);
  if (entry) return entry.cleanup; // a rerun of the page: the device stays as it is
  entry = { root: build(parentElement, kind), stream: null, context: null, frame: null };
  devices.set(parentElement, entry);
  const { root } = entry;
  const status = root.querySelector(".ip-device-state");
  const retry = root.querySelector(".ip-device-retry");

  const show = (state, detail = "") => {
    root.dataset.state = state;
    root.dataset.result = state === "connected" ? "ok" : state; // kept for older tests
    status.textContent = words(kind, state, detail);
    retry.hidden = state === "connecting" || state === "connected";
  };

  const report = (result) => setStateValue("result", { ...result, at: Date.now() });

  const attempt = () => {
    release(entry);
    show("connecting");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      show("error", "this browser cannot capture media");
      report({ ok: false, name: "NotSupportedError", message: "this browser cannot capture media" });
      return;
    }
    const constraints = kind === "video" ? { video: true } : { audio: true };
    navigator.mediaDevices
      .getUserMedia(constraints)
      .then((stream) => {
        if (!root.isConnected) {
          stream.getTracks().forEach((t) => t.stop());
          return;
        }
        entry.stream = stream;
        stream.getTracks().forEach((t) =>
          t.addEventListener("ended", () => {
            if (entry.stream !== stream) return;
            show("ended");
            report({ ok: false, name: "TrackEndedError", message: "it was disconnected" });
          })
        );
        if (kind === "video") {
          const video = root.querySelector(".ip-preview");
          video.srcObject = stream;
          video.play().catch(() => {});
        } else {
          startMeter(entry, stream);
        }
        show("connected");
        report({ ok: true, name: "", message: "" });
      })
      .catch((err) => {
        show(stateOf(err.name), err.message);
        report({ ok: false, name: err.name, message: err.message });
      });
  };

  retry.onclick = attempt;
  // Called when Streamlit unmounts the component (the mode switched off): a short delay,
  // because a component re-created in the same place keeps its element.
  entry.cleanup = () =>
    setTimeout(() => {
      if (!root.isConnected) release(entry);
    }, 300);
  attempt();
  return entry.cleanup;
}
