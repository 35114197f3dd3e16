#!/usr/bin/env bash
# Report downloads under fuzzing: serve the app against a fresh PostgreSQL database holding the
# seed article with published verdicts, and let schemathesis throw generated requests (random
# formats, dates, ratings, ids, empty and oversized values) at /api/v1/articles/{id}/report and
# /api/v1/reports/. Any 5xx, undocumented status or content type, or server traceback fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

PG="${FUZZ_PG:-postgres://postgres@127.0.0.1:5432}"
DB=factcheck_fuzz_exports
MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-40}"
work="$(mktemp -d)"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
  dropdb -h 127.0.0.1 -U postgres --if-exists "$DB" 2>/dev/null || true
}
trap cleanup EXIT

dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"
createdb -h 127.0.0.1 -U postgres "$DB"

export DATABASE_URL="$PG/$DB" DEBUG=false SECRET_KEY="fuzz-$(date +%s)-not-secret"
export API_THROTTLE_USER="1000000/hour" LOG_LEVEL=ERROR
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_seed
# Publish a few verdicts on the seed article (through the services) so exports carry data.
token=$(.venv/bin/python manage.py shell -c '
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from annotations import services
from annotations.models import Article, Rating
editor, _ = User.objects.get_or_create(username="fuzz-editor")
editor.groups.set([Group.objects.get(name="editor")])
reviewer, _ = User.objects.get_or_create(username="fuzzer")
reviewer.groups.set([Group.objects.get(name="reviewer")])
article = Article.objects.first()
ratings = list(Rating.objects.all())
for n, segment in enumerate(article.segments.filter(kind="sentence").order_by("position")[:6]):
    claim = services.claim_create(article=article, segments=[segment], user=editor)
    claim = services.claim_update(claim=claim, user=editor, version=claim.version,
                                  rating=ratings[n % len(ratings)], summary="=cmd|x", claimant="Kremlin")
    services.source_add(claim=claim, user=editor, url="https://example.org/s", quote="q")
    services.note_add(claim=claim, user=editor, body="internal", internal=True)
    if n % 2 == 0:
        claim = services.claim_submit(claim=claim, user=editor, version=claim.version)
        services.claim_publish(claim=claim, user=reviewer, version=claim.version)
print("TOKEN", Token.objects.get_or_create(user=reviewer)[0].key)
' | awk '/^TOKEN / {print $2}')

port=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
.venv/bin/gunicorn factcheck.wsgi:application --bind "127.0.0.1:$port" --workers 2 \
  --no-control-socket --timeout 60 --limit-request-line 0 >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 50); do
  curl -s -o /dev/null -H "Authorization: Token $token" "http://127.0.0.1:$port/api/schema/" && break
  sleep 0.2
done

# positive_data_acceptance is left out: a schema-valid request may rightly get 400 (an unknown
# rating slug, date_from after date_to, a status other than published without internal=1).
status=0
timeout 300 .venv/bin/schemathesis --no-color run "http://127.0.0.1:$port/api/schema/" \
  --header "Authorization: Token $token" \
  --checks all \
  --exclude-checks positive_data_acceptance \
  --max-examples "$MAX_EXAMPLES" \
  --seed 20261127 \
  --workers 1 \
  --include-path-regex '/report' \
  --request-timeout 60 || status=$?

if grep -q "Traceback\|Internal Server Error" "$work/server.log"; then
  echo "schemathesis (reports): the server logged errors:"; cat "$work/server.log"; status=1
fi
exit "$status"
