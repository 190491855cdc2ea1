// Keeps the masthead's city clocks live. The server renders each clock right at the moment of
// rendering; this only moves them on, so the page is correct without JavaScript too.
(function () {
  "use strict";
  var clocks = document.querySelectorAll("[data-clock-zone]");
  if (!clocks.length || !window.Intl) {
    return;
  }
  function tick() {
    var now = new Date();
    clocks.forEach(function (el) {
      try {
        var text = new Intl.DateTimeFormat("en-GB", {
          timeZone: el.getAttribute("data-clock-zone"),
          hour: "2-digit",
          minute: "2-digit",
          hourCycle: "h23"
        }).format(now);
        if (el.textContent !== text) {
          el.textContent = text;
          el.setAttribute("datetime", now.toISOString());
        }
      } catch (e) {
        // An unknown zone in an old browser: keep the server's reading.
      }
    });
  }
  tick();
  window.setInterval(tick, 10000);
})();
