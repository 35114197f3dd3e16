"""Static files as deployed: collected by whitenoise's storage, compressed once, served gzipped."""

import gzip
import json
from pathlib import Path

from django.core.management import call_command
from whitenoise import WhiteNoise

from factcheck import settings as project_settings

STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_production_settings_use_the_compressing_storage():
    # DEBUG is on in tests; the choice of storage follows DEBUG (factcheck/settings.py).
    source = Path(project_settings.__file__).read_text()
    assert f'"{STORAGE}"' in source


def test_collected_scripts_and_styles_are_served_gzipped(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": STORAGE}}
    # Our own files only (the admin's and the API docs' would take most of the time).
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STATICFILES_DIRS = [Path(project_settings.BASE_DIR) / "annotations" / "static"]
    call_command("collectstatic", interactive=False, verbosity=0)
    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    app = WhiteNoise(lambda environ, start: [], root=str(tmp_path), prefix="static/")
    for name in ("annotations/app.css", "annotations/review.js", "annotations/vendor/htmx.min.js"):
        hashed = paths[name]
        assert (tmp_path / f"{hashed}.gz").exists(), hashed
        headers = {}

        def start(status, response_headers, headers=headers):
            headers.update(response_headers, status=status)

        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": f"/static/{hashed}",
            "HTTP_ACCEPT_ENCODING": "gzip",
            "wsgi.url_scheme": "http",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
        }
        body = b"".join(app(environ, start))
        assert headers["status"].startswith("200"), headers
        assert headers.get("Content-Encoding") == "gzip", hashed
        assert gzip.decompress(body) == (tmp_path / hashed).read_bytes()
