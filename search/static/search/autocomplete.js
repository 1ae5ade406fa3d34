// Title suggestions for the search boxes: any form with data-autocomplete (the API's
// /api/v3/search/autocomplete/ address) and data-locale fills its input's <datalist>.
// Without JavaScript the form works as it is.
(function () {
  "use strict";

  function enhance(form) {
    var input = form.querySelector("input[name=q]");
    var list = input && document.getElementById(input.getAttribute("list"));
    if (!list) {
      return;
    }
    var timer = null;
    var last = "";
    input.addEventListener("input", function () {
      var query = input.value.trim();
      window.clearTimeout(timer);
      if (query.length < 2 || query === last) {
        return;
      }
      timer = window.setTimeout(function () {
        last = query;
        var url = new URL(form.dataset.autocomplete, window.location.href);
        url.searchParams.set("q", query);
        url.searchParams.set("locale", form.dataset.locale || document.documentElement.lang);
        fetch(url.toString(), { headers: { Accept: "application/json" } })
          .then(function (response) {
            return response.ok ? response.json() : { items: [] };
          })
          .then(function (data) {
            list.replaceChildren.apply(
              list,
              data.items.map(function (item) {
                var option = document.createElement("option");
                option.value = item.title;
                option.label = item.type_label;
                return option;
              })
            );
          })
          .catch(function () {
            // Suggestions are a convenience: a network error leaves the box as it is.
          });
      }, 150);
    });
  }

  document.querySelectorAll("form[data-autocomplete]").forEach(enhance);
})();
