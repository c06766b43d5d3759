// The interviewer speaks: each new reply is read aloud by the browser's speechSynthesis
// ("Browser voice") or by OpenAI text-to-speech ("OpenAI voice", offered when Python has
// a key). Python sends the latest reply ({id, text}); for the OpenAI voice the browser
// asks for it ("want") and Python answers with the audio, or a note when it failed (the
// browser voice reads it then). The candidate turns speaking on, picks a voice and a
// rate (kept in localStorage) and can interrupt. "speaking" goes back to Python so the
// microphone is muted while the interviewer talks.
export default function (component) {
  const { data, setStateValue, parentElement } = component;
  const synth = window.speechSynthesis;
  const store = (window.__ipTts = window.__ipTts || {});
  const state = (store[data.key] = store[data.key] || { utterance: null, audio: null });
  const saved = (name, fallback) => localStorage.getItem(`ip-tts-${name}`) ?? fallback;
  const save = (name, value) => localStorage.setItem(`ip-tts-${name}`, String(value));
  const lastKey = `last-${data.key}`;

  let root = parentElement.querySelector(".ip-tts");
  if (!root) {
    root = document.createElement("div");
    root.className = "ip-tts ip-row";
    root.innerHTML =
      '<label><input type="checkbox" class="ip-tts-on"> 🔊 Interviewer speaks</label>' +
      '<select class="ip-tts-engine" aria-label="Voice out"></select>' +
      '<select class="ip-tts-voice" aria-label="Voice"></select>' +
      '<label>Rate <input type="range" class="ip-tts-rate" min="0.6" max="1.6" step="0.1"></label>' +
      '<button type="button" class="ip-btn ip-tts-stop">⏹ Interrupt</button>' +
      '<span class="ip-tts-status ip-status" role="status"></span>' +
      '<span class="ip-tts-note ip-status" role="note"></span>';
    parentElement.appendChild(root);
  }
  const toggle = root.querySelector(".ip-tts-on");
  const engine = root.querySelector(".ip-tts-engine");
  const note = root.querySelector(".ip-tts-note");
  const voiceSelect = root.querySelector(".ip-tts-voice");
  const rate = root.querySelector(".ip-tts-rate");
  const stopButton = root.querySelector(".ip-tts-stop");
  const status = root.querySelector(".ip-tts-status");
  if (!synth) {
    root.textContent = "🔇 This browser cannot read replies aloud.";
    return;
  }

  function render() {
    const speaking = !!(state.utterance || state.audio);
    stopButton.style.display = speaking ? "" : "none";
    // Voice, engine and rate stay choosable while off: the candidate sets them up first.
    voiceSelect.disabled = rate.disabled = engine.disabled = false;
    status.textContent = state.waiting ? "fetching the OpenAI voice… (microphone muted)"
      : speaking ? "speaking… (microphone muted)" : "";
  }

  const useOpenai = () => data.openai && engine.value === "openai";

  function fillEngines() {
    const wanted = saved("engine", "browser");
    engine.innerHTML = '<option value="browser">Browser voice</option>';
    if (data.openai) engine.appendChild(new Option("OpenAI voice", "openai"));
    engine.value = data.openai && wanted === "openai" ? "openai" : "browser";
  }

  function fillVoices() {
    if (useOpenai()) {
      const wanted = saved("openai-voice", "alloy");
      voiceSelect.innerHTML = "";
      for (const v of data.openai_voices || []) {
        voiceSelect.appendChild(new Option(v, v, false, v === wanted));
      }
      return;
    }
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
    if (state.utterance !== utterance && state.audio !== utterance) return;
    state.utterance = state.audio = null;
    setStateValue("speaking", false);
    render();
  }

  function play(reading) {
    // The OpenAI voice's audio, played here with the same mute and Interrupt.
    const audio = new Audio(reading.src);
    state.audio = audio;
    state.waiting = null;
    audio.addEventListener("ended", () => finished(audio));
    audio.addEventListener("error", () => finished(audio));
    setStateValue("played", reading.id);
    audio.play().catch(() => finished(audio));
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
    const current = state.utterance || state.audio;
    synth.cancel();
    if (state.audio) state.audio.pause();
    state.waiting = null;
    if (current) finished(current);
  }

  toggle.checked = saved("on", "no") === "yes";
  rate.value = saved("rate", "1");
  if (engine.dataset.openai !== String(!!data.openai)) {
    engine.dataset.openai = String(!!data.openai);
    fillEngines();
    fillVoices();
  }
  if (!voiceSelect.options.length) fillVoices();
  synth.onvoiceschanged = () => { if (!useOpenai()) fillVoices(); };
  engine.onchange = () => {
    save("engine", engine.value);
    fillVoices();
  };
  toggle.onchange = () => {
    save("on", toggle.checked ? "yes" : "no");
    if (!toggle.checked) interrupt();
    localStorage.removeItem(`ip-tts-${lastKey}`); // turned on: read the latest question
    update();
  };
  voiceSelect.onchange = () => save(useOpenai() ? "openai-voice" : "voice", voiceSelect.value);
  rate.onchange = () => save("rate", rate.value);
  stopButton.onclick = interrupt;

  function update() {
    const reading = data.reading && data.reading.id === data.id ? data.reading : null;
    if (state.waiting === data.id && reading) {
      save(lastKey, data.id);
      if (reading.src) play(reading);
      else {
        state.waiting = null;
        note.textContent = reading.note || "";
        setStateValue("played", reading.id);
        speak(data.text || "");
      }
    } else if (toggle.checked && data.id && saved(lastKey, "") !== data.id && state.waiting !== data.id) {
      interrupt(); // a newer reply replaces one still being read
      if (useOpenai()) {
        note.textContent = "";
        state.waiting = data.id;
        setStateValue("speaking", true); // muted while the audio is fetched
        setStateValue("want", { id: data.id, voice: voiceSelect.value || "alloy" });
        const id = data.id;
        const text = data.text || "";
        setTimeout(() => {
          if (state.waiting !== id) return; // played, interrupted or replaced meanwhile
          state.waiting = null;
          save(lastKey, id);
          note.textContent = "The OpenAI voice did not answer in time — the browser voice reads this reply.";
          speak(text);
        }, 20000);
      } else {
        save(lastKey, data.id);
        speak(data.text || "");
      }
    }
    render();
  }
  update();
}
