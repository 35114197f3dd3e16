#!/usr/bin/env bash
# A fresh install imports HTML: build a virtualenv in a temporary folder with the machine's own
# pip (not upgraded) from requirements.txt alone, then ingest a news page with `manage.py
# ingest` on a temporary SQLite database and check the article and its segments were stored.
# The shared .venv can hold a package that requirements.txt forgot (lxml_html_clean, which an
# older pip skips when jusText asks for lxml[html_clean]); this step cannot.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
started=$SECONDS

"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/pip" --version
# This machine's pip configuration names index folders that may be absent: not news here.
"$work/venv/bin/pip" install --quiet --requirement requirements.txt 2>&1 \
  | { grep -v "^WARNING: Location '.*' is ignored" || true; }
installed=$SECONDS
echo "fresh venv: installed requirements.txt in $((installed - started)) s"

export DATABASE_URL="sqlite:///$work/db.sqlite3" DEBUG=true
python="$work/venv/bin/python"
"$python" manage.py migrate --noinput -v0
"$python" manage.py ingest tests/fixtures/mali-wagner-article.html --publisher "World News"
"$python" manage.py shell --no-imports -c '
from annotations.models import Article
article = Article.objects.get()
kinds = list(article.segments.values_list("kind", flat=True))
assert article.title.startswith("Russia Entrenches"), article.title
assert kinds.count("heading") == 3 and kinds.count("sentence") > 20, kinds
assert "Related stories" not in article.body
print(f"fresh venv: article {article.pk} stored with {len(kinds)} segments")
'
echo "fresh venv: ingested in $((SECONDS - installed)) s, $((SECONDS - started)) s in all"
