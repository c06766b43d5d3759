// Device check: ask for the microphone or camera once when a mode is switched on and
// report "ok" or the browser's error (NotAllowedError, NotFoundError...) to Python,
// so the page can explain the problem instead of showing a silent, dead recorder.
export default function (component) {
  const { data, setStateValue, parentElement } = component;
  if (parentElement.querySelector(".ip-device-check")) return;
  const marker = document.createElement("span");
  marker.className = "ip-device-check";
  marker.dataset.kind = data.kind;
  marker.dataset.result = "pending";
  parentElement.appendChild(marker);

  const report = (result) => {
    marker.dataset.result = result.ok ? "ok" : result.name;
    setStateValue("result", result);
  };
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    report({ ok: false, name: "NotSupportedError", message: "this browser cannot capture media" });
    return;
  }
  const constraints = data.kind === "video" ? { video: true } : { audio: true };
  navigator.mediaDevices
    .getUserMedia(constraints)
    .then((stream) => {
      stream.getTracks().forEach((t) => t.stop());
      report({ ok: true, name: "", message: "", at: Date.now() });
    })
    .catch((err) => report({ ok: false, name: err.name, message: err.message, at: Date.now() }));
}
