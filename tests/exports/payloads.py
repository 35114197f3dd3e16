"""Text an editor could type that would break out of a <script> element (or of the JSON in
it) if an export carried it raw. Shared by the export tests and the browser test."""

from __future__ import annotations

# Every payload that runs sets window.__pwned, so the browser test can tell that it did.
PWN = "window.__pwned=1"
CLOSING_SCRIPT = f"</script><script>{PWN}</script>"
# Closes the JSON string, object and arrays around it, then the element.
JSON_BREAKER = f'"}}]}}</script><script>{PWN}</script>'

PAYLOADS: tuple[str, ...] = (
    CLOSING_SCRIPT,
    f"</SCRIPT><script>{PWN}</SCRIPT>",
    f"</script ><script>{PWN}</script >",
    f"</script\t><script>{PWN}</script\t>",
    f"</script\n><script>{PWN}</script/>",
    f"</ScRiPt/x><script>{PWN}</script>",
    "<!--<script>",
    f"--><script>{PWN}</script>",
    "<![CDATA[",
    f"]]><script>{PWN}</script>",
    f'<img src=x onerror="{PWN}">',
    f"<svg onload={PWN}>",
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "&lt;/script&gt;&amp;&#x3C;/script&#x3E;",
    "line\u2028separator and paragraph\u2029separator",
    "\u2028\u2029 at the edges \u2029\u2028",
    r"\u003c/script>\u003Cscript>" + PWN + r"\u003c/script>",
    r"<\/script><script>" + PWN + "</script>",
    "<script src=//evil.example/x.js></script>",
    "javascript:window.__pwned=1",
    JSON_BREAKER,
    '"}],"@type":"Evil","x":[{"',
    'back\\slash \\\\ double \\" quote\\ and a trailing backslash\\',
    f"</style><script>{PWN}</script>",
    f"</title></textarea></noscript><script>{PWN}</script>",
    '<base href="//evil.example/">',
    "null",
    "undefined NaN None true",
    "{{ 7*7 }} ${7*7} {% now 'Y' %}",
    "Emoji 🧪😀👍🏽 👩‍👩‍👧 🏳️‍🌈",
    "RTL: مرحبا بالعالم \u202eevil\u202c שלום עולם",
    "Ünïcødé: café, naïve, Straße, 東京, Ωμέγα",
)
