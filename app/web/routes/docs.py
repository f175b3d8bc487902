"""``/docs``: the OpenAPI UI, with Swagger UI's files from the ``swagger-ui-bundle`` package,
served from this origin (no CDN) and started by a static script (no inline script, so the
Content-Security-Policy holds)."""

from __future__ import annotations

from pathlib import Path

import swagger_ui_bundle
from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

router = APIRouter(include_in_schema=False)

SWAGGER_DIR = Path(swagger_ui_bundle.swagger_ui_path)
SWAGGER_FILES = {"swagger-ui.css": "text/css", "swagger-ui-bundle.js": "text/javascript",
                 "favicon-32x32.png": "image/png"}

DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>API · Liaison</title>
  <link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/static/swagger/swagger-ui.css">
  <link rel="stylesheet" href="/static/css/docs.css">
  <script src="/static/swagger/swagger-ui-bundle.js" defer></script>
  <script src="/static/js/docs.js" defer></script>
</head>
<body>
  <p class="back"><a href="/">← Back to the timeline</a></p>
  <div id="swagger-ui" data-openapi-url="/openapi.json"></div>
</body>
</html>
"""


@router.get("/docs")
def docs() -> HTMLResponse:
    return HTMLResponse(DOCS_PAGE)


@router.get("/static/swagger/{name}")
def swagger_asset(name: str) -> FileResponse:
    if name not in SWAGGER_FILES:
        raise HTTPException(404, "Not Found")
    return FileResponse(SWAGGER_DIR / name, media_type=SWAGGER_FILES[name],
                        headers={"Cache-Control": "public, max-age=86400"})
