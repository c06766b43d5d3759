// Screen share: getDisplayMedia, a PNG capture every `interval_ms`, sent to Python.
// State lives on window so a Streamlit rerun does not stop an ongoing share.
export default function (component) {
  const { data, setTriggerValue, setStateValue, parentElement } = component;
  const key = data.key;
  const store = (window.__ipScreenShare = window.__ipScreenShare || {});
  const state = (store[key] = store[key] || { stream: null, timer: null, seq: 0 });

  let root = parentElement.querySelector(".ip-screen");
  if (!root) {
    root = document.createElement("div");
    root.className = "ip-screen ip-row";
    root.innerHTML =
      '<button type="button" class="ip-btn ip-screen-btn"></button>' +
      '<span class="ip-screen-status ip-status" role="status"></span>' +
      '<video class="ip-screen-video" muted playsinline style="display:none"></video>';
    parentElement.appendChild(root);
  }
  const button = root.querySelector(".ip-screen-btn");
  const status = root.querySelector(".ip-screen-status");
  const video = root.querySelector(".ip-screen-video");
  // A remount gives new elements and callbacks; the running timer must use the newest.
  state.video = video;
  state.trigger = setTriggerValue;
  state.render = render;
  if (state.stream && video.srcObject !== state.stream) {
    video.srcObject = state.stream;
    video.play().catch(() => {});
  }

  function render() {
    const sharing = !!state.stream;
    button.textContent = sharing ? "⏹ Stop sharing" : "🖥️ Share screen";
    button.dataset.sharing = sharing ? "yes" : "no";
    status.textContent = sharing ? ` ● sharing · ${state.seq} captures` : " not sharing";
  }

  function capture() {
    const v = state.video;
    if (!state.stream || !v || v.videoWidth === 0) return;
    const canvas = document.createElement("canvas");
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext("2d").drawImage(v, 0, 0);
    state.seq += 1;
    const png = canvas.toDataURL("image/png");
    state.trigger("capture", { png: png, seq: state.seq, at: Date.now() });
    state.render();
  }

  function stop() {
    if (state.timer) clearInterval(state.timer);
    if (state.stream) state.stream.getTracks().forEach((t) => t.stop());
    state.stream = null;
    state.timer = null;
    setStateValue("sharing", false);
    render();
  }

  async function start() {
    try {
      state.stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch (err) {
      setTriggerValue("error", `${err.name}: ${err.message}`);
      state.stream = null;
      render();
      return;
    }
    video.srcObject = state.stream;
    await video.play();
    state.stream.getVideoTracks()[0].addEventListener("ended", stop);
    setStateValue("sharing", true);
    setTimeout(capture, 500);
    state.timer = setInterval(capture, data.interval_ms);
    render();
  }

  button.onclick = () => (state.stream ? stop() : start());
  if (data.disabled && state.stream) stop();
  button.disabled = !!data.disabled;
  render();
}
