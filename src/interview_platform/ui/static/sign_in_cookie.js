// Keeps this browser's sign-in token in a first-party cookie, so a reload or a new tab
// stays signed in (Streamlit reads cookies when the page connects). An empty token
// clears it (sign-out, or a token the server no longer knows).
export default function (component) {
  const { data } = component;
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  const base = `; Path=/; SameSite=Strict${secure}`;
  const current = document.cookie
    .split("; ")
    .find((part) => part.startsWith(`${data.name}=`));
  if (data.token) {
    if (current !== `${data.name}=${data.token}`) {
      document.cookie = `${data.name}=${data.token}; Max-Age=${data.max_age}${base}`;
    }
  } else if (current) {
    document.cookie = `${data.name}=; Max-Age=0${base}`;
  }
}
