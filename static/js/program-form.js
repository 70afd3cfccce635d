// Shows only the fields of the chosen program type on the program form (the server ignores the others).
(function () {
  function update(form) {
    var select = form.querySelector("select[name=program_type]");
    if (!select) return;
    var codes = JSON.parse(form.getAttribute("data-type-codes") || "{}");
    var code = codes[select.value] || "";
    form.querySelectorAll("[data-program-types]").forEach(function (row) {
      var types = row.getAttribute("data-program-types").split(" ");
      row.hidden = !code || types.indexOf(code) === -1;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-type-codes]").forEach(function (form) {
      update(form);
      form.addEventListener("change", function (event) {
        if (event.target.name === "program_type") update(form);
      });
    });
  });
})();
