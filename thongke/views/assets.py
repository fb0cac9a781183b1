"""Static files: versioned URLs so browsers may keep them a week; private pages not cached."""

import os

from flask import request, url_for

STATIC_MAX_AGE = 7 * 24 * 3600


def register(app) -> None:
    def asset(filename: str) -> str:
        """URL of a static file carrying its modification time, so a new file gets a new URL."""
        path = os.path.join(app.static_folder, filename)
        version = int(os.path.getmtime(path)) if os.path.exists(path) else 0
        return url_for("static", filename=filename, v=version)

    app.jinja_env.globals["asset"] = asset

    @app.after_request
    def cache_headers(response):
        if request.endpoint in ("static", "admin.static"):
            response.cache_control.public = True
            response.cache_control.max_age = STATIC_MAX_AGE
        elif "Cache-Control" not in response.headers:
            # Pages and files carry one unit's figures: never kept by shared caches.
            response.headers["Cache-Control"] = "private, no-cache"
        return response
