#!/usr/bin/env bash
# Lighthouse scores for the front page and a post page, with Debian's Chromium, against
# Pressroom served as in production: gunicorn, DEBUG off, static files collected and
# served by WhiteNoise, the full-page cache on, the demo newsroom as content.
#
#     bench/lighthouse.sh            # mobile (Lighthouse's default) and desktop
#
# Reports go to bench/results/lighthouse-*.json; the scores are printed. It runs on
# plain http://127.0.0.1, so the HTTPS audits are measured on what the server sends
# (headers, redirects), not on a certificate.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
[ -x "$CHROME_PATH" ] || { echo "Needs Chromium at $CHROME_PATH (apt-get install chromium)." >&2; exit 1; }
[ -x node_modules/.bin/lighthouse ] || npm ci --no-audit --no-fund
bin/setup-venv

work="$(mktemp -d)"
port="${PORT:-8123}"
gunicorn_pid=""
cleanup() {
    if [ -n "$gunicorn_pid" ]; then kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

export DJANGO_SETTINGS_MODULE=pressroom.settings
export DEBUG=0
export SECRET_KEY="lighthouse-only-$(date +%s%N)"
export ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="sqlite:///$work/db.sqlite3"
export MEDIA_ROOT="$work/media"
export STATIC_ROOT="$work/static"
export SECURE_SSL_REDIRECT=0
export PRESSROOM_PAGE_CACHE=1
export LOG_LEVEL=WARNING

.venv/bin/python manage.py migrate --verbosity 0
.venv/bin/python manage.py load_demo > /dev/null
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
post_path="$(.venv/bin/python manage.py shell --no-imports -c '
from urllib.parse import quote
from blog.models import Post
post = Post.objects.published().filter(kind=Post.Kind.PRESS_RELEASE, language="sv").first()
print(quote(post.get_absolute_url()))
' 2>/dev/null | tail -n 1)"

.venv/bin/python -m gunicorn pressroom.wsgi --workers 2 --bind "127.0.0.1:$port" \
    --log-level warning --access-logfile /dev/null &
gunicorn_pid=$!
for _ in $(seq 1 50); do
    curl -fsS "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break
    sleep 0.2
done

mkdir -p bench/results
# Chromium without the background traffic (updates, sync, field trials) it would
# otherwise send to a network that is not there.
chrome_flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run \
--disable-background-networking --disable-component-update --disable-sync \
--disable-default-apps --disable-extensions --metrics-recording-only"

for form_factor in mobile desktop; do
    preset=()
    [ "$form_factor" = desktop ] && preset=(--preset=desktop)
    for page in front post; do
        path="/"
        [ "$page" = post ] && path="$post_path"
        report="bench/results/lighthouse-$page-$form_factor.json"
        # Each page is fetched once first, so it is measured from a warm page cache.
        curl -fsS -o /dev/null "http://127.0.0.1:$port$path"
        # Lighthouse now and then loses the trace of a page load (NO_NAVSTART) on a busy
        # machine and asks to be run again; so it gets three tries.
        for attempt in 1 2 3; do
            if CHROME_PATH="$CHROME_PATH" node_modules/.bin/lighthouse "http://127.0.0.1:$port$path" \
                --quiet --chrome-flags="$chrome_flags" "${preset[@]}" \
                --only-categories=performance,accessibility,best-practices,seo \
                --output=json --output-path="$report"; then
                break
            fi
            [ "$attempt" = 3 ] && exit 1
        done
        .venv/bin/python - "$report" "$page" "$form_factor" <<'PY'
import json
import sys

report = json.load(open(sys.argv[1]))
scores = {key: round(category["score"] * 100) for key, category in report["categories"].items()}
print(
    f"{sys.argv[2]:5} {sys.argv[3]:7}  performance {scores['performance']:3}  "
    f"accessibility {scores['accessibility']:3}  best practices {scores['best-practices']:3}  "
    f"SEO {scores['seo']:3}   ({report['finalDisplayedUrl']})"
)
for key, category in report["categories"].items():
    for ref in category["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            print(f"      {key}: {audit['id']} ({audit['score']}): {audit['title']}")
PY
    done
done
