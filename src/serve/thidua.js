// The pre-check answers as the officer types: a form marked `live` is sent
// again (into its result frame) a moment after the last change. Without
// script the button does the same.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form.live").forEach(function (form) {
    var timer = null;
    var send = function () {
      clearTimeout(timer);
      timer = setTimeout(function () { form.submit(); }, 400);
    };
    form.addEventListener("input", send);
    form.addEventListener("change", send);
  });
});

// "In kết quả": prints the result frame alone, with its own A4 layout.
document.addEventListener("click", function (e) {
  var b = e.target.closest("button.print");
  if (!b) return;
  e.preventDefault();
  var f = document.querySelector('iframe[name="ket-qua"]');
  if (f && f.contentWindow) f.contentWindow.print();
});
