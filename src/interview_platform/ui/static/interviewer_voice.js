// The interviewer speaks: the browser's speechSynthesis reads each new reply aloud.
// Python sends the latest reply ({id, text}); the candidate turns speaking on, picks a
// voice and a rate (kept in localStorage) and can interrupt. "speaking" goes back to
// Python so the microphone is muted while the interviewer talks.
export default function (component) {
  const { data, setStateValue, parentElement } = component;
  const synth = window.speechSynthesis;
  const store = (window.__ipTts = window.__ipTts || {});
  const state = (store[data.key] = store[data.key] || { utterance: null });
  const saved = (name, fallback) => localStorage.getItem(`ip-tts-${name}`) ?? fallback;
  const save = (name, value) => localStorage.setItem(`ip-tts-${name}`, String(value));
  const lastKey = `last-${data.key}`;

  let root = parentElement.querySelector(".ip-tts");
  if (!root) {
    root = document.createElement("div");
    root.className = "ip-tts ip-row";
    root.innerHTML =
      '<label><input type="checkbox" class="ip-tts-on"> 🔊 Interviewer speaks</label>' +
      '<select class="ip-tts-voice" aria-label="Voice"></select>' +
      '<label>Rate <input type="range" class="ip-tts-rate" min="0.6" max="1.6" step="0.1"></label>' +
      '<button type="button" class="ip-btn ip-tts-stop">⏹ Interrupt</button>' +
      '<span class="ip-tts-status ip-status" role="status"></span>';
    parentElement.appendChild(root);
  }
  const toggle = root.querySelector(".ip-tts-on");
  const voiceSelect = root.querySelector(".ip-tts-voice");
  const rate = root.querySelector(".ip-tts-rate");
  const stopButton = root.querySelector(".ip-tts-stop");
  const status = root.querySelector(".ip-tts-status");
  if (!synth) {
    root.textContent = "🔇 This browser cannot read replies aloud.";
    return;
  }

  function render() {
    const speaking = !!state.utterance;
    stopButton.style.display = speaking ? "" : "none";
    voiceSelect.disabled = rate.disabled = !toggle.checked;
    status.textContent = speaking ? "speaking… (microphone muted)" : "";
  }

  function fillVoices() {
    const all = synth.getVoices();
    const english = all.filter((v) => v.lang.toLowerCase().startsWith("en"));
    const voices = english.length ? english : all;
    const wanted = saved("voice", "");
    voiceSelect.innerHTML = '<option value="">Default voice</option>';
    for (const v of voices) {
      const option = new Option(`${v.name} (${v.lang})`, v.name, false, v.name === wanted);
      voiceSelect.appendChild(option);
    }
  }

  function plain(text) {
    // Markdown marks would be read out ("asterisk"): keep the words only.
    return text.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`#>|]/g, "").trim();
  }

  function finished(utterance) {
    if (state.utterance !== utterance) return;
    state.utterance = null;
    setStateValue("speaking", false);
    render();
  }

  function speak(text) {
    const utterance = new SpeechSynthesisUtterance(plain(text));
    const voice = synth.getVoices().find((v) => v.name === voiceSelect.value);
    if (voice) utterance.voice = voice;
    utterance.rate = Number(rate.value) || 1;
    utterance.addEventListener("start", () => setStateValue("speaking", true));
    utterance.addEventListener("end", () => finished(utterance));
    utterance.addEventListener("error", () => finished(utterance));
    state.utterance = utterance;
    setStateValue("speaking", true); // muted at once: "start" can come late
    synth.speak(utterance);
    render();
  }

  function interrupt() {
    const current = state.utterance;
    synth.cancel();
    if (current) finished(current);
  }

  toggle.checked = saved("on", "no") === "yes";
  rate.value = saved("rate", "1");
  if (!voiceSelect.options.length) fillVoices();
  synth.addEventListener("voiceschanged", fillVoices);
  toggle.onchange = () => {
    save("on", toggle.checked ? "yes" : "no");
    if (!toggle.checked) interrupt();
    localStorage.removeItem(`ip-tts-${lastKey}`); // turned on: read the latest question
    update();
  };
  voiceSelect.onchange = () => save("voice", voiceSelect.value);
  rate.onchange = () => save("rate", rate.value);
  stopButton.onclick = interrupt;

  function update() {
    if (toggle.checked && data.id && saved(lastKey, "") !== data.id) {
      save(lastKey, data.id);
      interrupt(); // a newer reply replaces one still being read
      speak(data.text || "");
    }
    render();
  }
  update();
}
