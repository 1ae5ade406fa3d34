/*
 * Michelin Cities — progressive enhancement only. Everything works without this file:
 * it adds small comforts where JavaScript runs.
 *   1. The language menu closes with Escape or a click elsewhere.
 *   2. On the city map, a city's marker and its card in the list light up together.
 *   3. Deadlines also show in the visitor's own time zone when it is not the portal's.
 *   4. On a city map, hovering or focusing a marker shows a card about the city, read
 *      from the API's GeoJSON of the cities (fetched once, on the first hover).
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
    (function localDeadlines() {
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

    // 4. City cards on the map, from the API's GeoJSON
    function cityCard(properties) {
        var card = document.createElement("div");
        card.className = "city-map__card";
        card.setAttribute("aria-hidden", "true");
        var title = document.createElement("strong");
        title.textContent = properties.title;
        card.appendChild(title);
        var facts = [properties.country_name, properties.membership_label];
        if (properties.population) {
            facts.push(new Intl.NumberFormat(root.lang || undefined).format(properties.population));
        }
        var line = document.createElement("span");
        line.textContent = facts.filter(Boolean).join(" · ");
        card.appendChild(line);
        if (properties.summary) {
            var summary = document.createElement("p");
            summary.textContent = properties.summary;
            card.appendChild(summary);
        }
        return card;
    }

    document.querySelectorAll("[data-city-map][data-geojson]").forEach(function (map) {
        var frame = map.querySelector(".city-map__frame");
        var features = null;
        var loading = null;
        var shown = null;

        function load() {
            if (!loading) {
                loading = fetch(map.getAttribute("data-geojson"), {
                    headers: {Accept: "application/geo+json"}
                })
                    .then(function (response) {
                        return response.ok ? response.json() : {features: []};
                    })
                    .then(function (collection) {
                        features = {};
                        (collection.features || []).forEach(function (feature) {
                            features[String(feature.id)] = feature.properties;
                        });
                    })
                    .catch(function () {
                        features = {};
                    });
            }
            return loading;
        }

        function hide() {
            if (shown) {
                shown.remove();
                shown = null;
            }
        }

        function show(marker) {
            load().then(function () {
                var properties = features[marker.getAttribute("data-city-id")];
                hide();
                if (!properties || !frame) {
                    return;
                }
                var dot = marker.querySelector(".city-map__dot") || marker;
                var box = dot.getBoundingClientRect();
                var outer = frame.getBoundingClientRect();
                shown = cityCard(properties);
                var left = box.left - outer.left + box.width / 2;
                shown.style.top = box.top - outer.top + box.height + 6 + "px";
                if (left > outer.width / 2) {
                    shown.style.right = outer.width - left + "px";
                } else {
                    shown.style.left = left + "px";
                }
                frame.appendChild(shown);
            });
        }

        ["mouseover", "focusin"].forEach(function (type) {
            map.addEventListener(type, function (event) {
                var marker = event.target.closest ? event.target.closest(".city-map__marker") : null;
                if (marker) {
                    show(marker);
                }
            });
        });
        ["mouseleave", "focusout"].forEach(function (type) {
            map.addEventListener(type, hide);
        });
    });
})();
