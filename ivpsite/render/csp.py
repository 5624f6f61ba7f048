"""The Content-Security-Policy of the built site, in one place.

base.html carries `CONTENT_SECURITY_POLICY` as a <meta http-equiv="Content-Security-Policy">,
so the policy holds on any static host. A server should also send
`CONTENT_SECURITY_POLICY_HEADER` as the `Content-Security-Policy` HTTP header on every response:
a header also covers `frame-ancestors` (browsers ignore it in a meta tag), and any worker a
later version might start (a meta tag does not reach workers; search runs on the page itself,
see assets/search.js). tests/test_gates.py loads the site in chromium under both and fails on
any violation the browser reports, and shows that each relaxation below is still needed.

Why each part is there (everything not listed falls back to default-src 'self'):
  - script-src 'self': only the site's own script files; no inline script, no eval, no CDN.
    'wasm-unsafe-eval' lets Pagefind compile its WebAssembly search engine; it allows no
    JavaScript eval. Without it the search page fails.
  - style-src 'self': the site's own stylesheets; no <style> element, no style="" attribute.
    plotly.js would insert a <style> element; assets/charts.js links assets/charts.css in a
    way that makes plotly.js leave that out (see there).
  - img-src 'self': images only from the site (the favicon is a file, not a data: URL).
  - object-src 'none', base-uri 'none': no plugins, no <base> that redirects relative URLs.
  - form-action 'self': the search form submits to the site itself.
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval'; "
    "style-src 'self'; "
    "img-src 'self'; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "form-action 'self'"
)

# The same policy as an HTTP header, with what only a header can carry: the site may not be
# shown inside a frame on another site (or its own).
CONTENT_SECURITY_POLICY_HEADER = CONTENT_SECURITY_POLICY + "; frame-ancestors 'none'"
