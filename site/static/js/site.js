/*
 * Michelin Cities — progressive enhancement only. Everything works without this file:
 * it adds small comforts where JavaScript runs.
 *   1. The language menu closes with Escape or a click elsewhere.
 *   2. On the city map, a city's marker and its card in the list light up together.
 *   3. Deadlines also show in the visitor's own time zone when it is not the portal's.
 */
(function () {
    "use strict";

    var root = document.documentElement;
    root.classList.remove("no-js");
    root.classList.add("js");

    // 1. Language menu
    function closeMenus(except) {
        document.querySelectorAll(".language-switcher__menu[open]").forEach(function (menu) {
            if (menu !== except) {
                menu.removeAttribute("open");
            }
        });
    }

    document.addEventListener("click", function (event) {
        var inside = event.target.closest ? event.target.closest(".language-switcher__menu") : null;
        closeMenus(inside);
    });

    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") {
            return;
        }
        var open = document.querySelector(".language-switcher__menu[open]");
        if (open) {
            open.removeAttribute("open");
            var toggle = open.querySelector("summary");
            if (toggle) {
                toggle.focus();
            }
        }
    });

    // 2. Map markers and city cards
    function linkCity(cityId, on) {
        if (!cityId) {
            return;
        }
        var selector = '[data-city-id="' + cityId.replace(/[^0-9]/g, "") + '"]';
        document.querySelectorAll(selector).forEach(function (element) {
            element.classList.toggle("is-linked", on);
        });
    }

    ["mouseover", "focusin"].forEach(function (type) {
        document.addEventListener(type, function (event) {
            var target = event.target.closest ? event.target.closest("[data-city-id]") : null;
            if (target) {
                linkCity(target.getAttribute("data-city-id"), true);
            }
        });
    });

    ["mouseout", "focusout"].forEach(function (type) {
        document.addEventListener(type, function (event) {
            var target = event.target.closest ? event.target.closest("[data-city-id]") : null;
            if (target) {
                linkCity(target.getAttribute("data-city-id"), false);
            }
        });
    });

    // 3. Deadlines in the visitor's time zone
    var body = document.body;
    var siteZone = body.getAttribute("data-time-zone");
    var label = body.getAttribute("data-local-time-label");
    var visitorZone;
    try {
        visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (error) {
        visitorZone = null;
    }
    if (!siteZone || !label || !visitorZone || visitorZone === siteZone) {
        return;
    }
    var format;
    try {
        format = new Intl.DateTimeFormat(root.lang || undefined, {
            dateStyle: "long",
            timeStyle: "short",
            timeZoneName: "short"
        });
    } catch (error) {
        return;
    }
    document.querySelectorAll("time[data-local-time]").forEach(function (element) {
        var moment = new Date(element.getAttribute("datetime"));
        if (isNaN(moment.getTime())) {
            return;
        }
        var note = document.createElement("span");
        note.className = "local-time";
        note.textContent = label + " " + format.format(moment);
        element.insertAdjacentElement("afterend", note);
    });
})();
