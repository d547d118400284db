// Applies the saved colour theme before the page paints, so there is no flash.
(function () {
  try {
    var saved = localStorage.getItem("handbook-theme");
    if (saved === "dark" || saved === "light") document.documentElement.setAttribute("data-theme", saved);
  } catch (e) { /* storage may be unavailable from file:// in some browsers */ }
})();
