// Under each date-time field of the admin: the moment being typed, in each of the mission's
// cities. The server shows the same for saved values; this keeps it current while editing.
(function () {
  "use strict";

  function parts(instant, zone) {
    const format = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    const out = {};
    for (const part of format.formatToParts(instant)) out[part.type] = part.value;
    return out;
  }

  function offsetMs(instant, zone) {
    const p = parts(instant, zone);
    const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
    return wall - Math.floor(instant.getTime() / 60000) * 60000;
  }

  // "YYYY-MM-DD HH:MM" on the clocks of `zone` to an instant (null if it does not parse).
  function toInstant(text, zone) {
    const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(text.trim());
    if (!m) return null;
    const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
    let guess = wall - offsetMs(new Date(wall), zone);
    guess = wall - offsetMs(new Date(guess), zone);
    return new Date(guess);
  }

  function reading(instant, zone) {
    const p = parts(instant, zone);
    return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
  }

  function refresh(box) {
    const input = document.getElementById(box.dataset.for);
    const target = box.querySelector("[data-readings]");
    if (!input || !target) return;
    const instant = toInstant(input.value, box.dataset.zone);
    if (!instant) {
      target.textContent = "";
      return;
    }
    const cities = JSON.parse(box.dataset.cities || "[]");
    target.textContent = cities
      .map(([name, zone]) => `${name} ${reading(instant, zone)} (${zone})`)
      .join(" · ");
  }

  function onChange(event) {
    if (!event.target.id) return;
    for (const box of document.querySelectorAll(".mission-time")) {
      if (box.dataset.for === event.target.id) refresh(box);
    }
  }

  document.addEventListener("input", onChange);
  document.addEventListener("change", onChange);
})();
