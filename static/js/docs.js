// Starts Swagger UI on /docs with this server's OpenAPI document (no inline script needed).
(function () {
  "use strict";
  function start() {
    var el = document.getElementById("swagger-ui");
    window.SwaggerUIBundle({
      url: el.getAttribute("data-openapi-url"),
      dom_id: "#swagger-ui",
      deepLinking: true,
      validatorUrl: null,
      tryItOutEnabled: true
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
