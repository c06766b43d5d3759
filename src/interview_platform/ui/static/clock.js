// Interview clock: counts in the browser from the elapsed seconds the page was drawn
// with, so an idle tab asks the server nothing. The page draws it again (with a fresh
// elapsed time) after each turn, pause or resume; paused or ended, it stands still.
const pad = (n) => String(n).padStart(2, "0");

const planPhase = (plan, elapsed) => {
  let name = plan.length ? plan[0][0] : "";
  for (const [phase, start] of plan) if (elapsed >= start) name = phase;
  return name;
};

const mount = (parentElement) => {
  const item = document.createElement("span");
  item.className = "bar-item ip-clock";
  item.setAttribute("role", "timer");
  item.setAttribute("aria-live", "off"); // read on request, not every second
  const phase = document.createElement("b");
  const time = document.createTextNode("");
  item.append("🧭 ", phase, " · ⏱️ ", time);
  parentElement.appendChild(item);
  return { item, phase, time, timer: null, plan: null };
};

export default function (component) {
  const { data, parentElement } = component;
  const memo = (window.__ipClock = window.__ipClock || new WeakMap());
  let state = memo.get(parentElement);
  if (!state || !state.item.isConnected) {
    state = mount(parentElement);
    memo.set(parentElement, state);
  }
  clearTimeout(state.timer);
  state.plan = null; // a new drawing may bring a new plan
  state.phase.textContent = data.phase;
  state.item.dataset.running = data.running ? "yes" : "no";
  state.item.dataset.drawnAt = String(data.elapsed_s); // what the server sent: a redraw shows
  const origin = performance.now() - data.elapsed_s * 1000;
  let shown = -1;
  const tick = () => {
    const elapsed = data.running ? (performance.now() - origin) / 1000 : data.elapsed_s;
    const whole = Math.max(0, Math.floor(elapsed));
    if (whole !== shown) {
      // Only a new second touches the page: one text node, one attribute or two.
      shown = whole;
      const text = `${pad(Math.floor(whole / 60))}:${pad(whole % 60)}`;
      state.time.data = `${text} / ${data.planned_minutes} min`;
      state.item.dataset.elapsed = String(whole);
      const plan = planPhase(data.plan, whole);
      state.item.setAttribute(
        "aria-label",
        `Interview clock: ${data.phase}, ${text} of ${data.planned_minutes} minutes` +
          (data.running ? "" : ", stopped"),
      );
      if (plan !== state.plan) {
        state.plan = plan;
        state.item.title = `The phase the interviewer is in; by the clock's plan: ${plan}`;
      }
    }
    if (data.running) {
      const toNext = 1000 - ((performance.now() - origin) % 1000);
      state.timer = setTimeout(tick, toNext + 5);
    }
  };
  tick();
  return () => clearTimeout(state.timer);
}
