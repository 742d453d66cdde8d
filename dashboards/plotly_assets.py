"""plotly.js served by the app, a partial bundle under a strict CSP.

The app draws only bar, heatmap and scatter traces (dashboards/charts.py), so it serves the
cartesian partial bundle of plotly.js (npm `plotly.js-cartesian-dist-min`, MIT, vendored with its
licence as `static/vendor/plotly-cartesian.min.js`): 1.5 MB and about 0.5 MB gzipped, where the
full `plotly.min.js` of the plotly package is 4.8 MB. Its version is the plotly.js the installed
plotly package ships (a test compares them), so figures built for one draw the same with the other.
To upgrade: `npm pack plotly.js-cartesian-dist-min@<plotly.offline.get_plotlyjs_version()>` and
copy `plotly-cartesian.min.js` and `LICENSE` into static/vendor/.

plotly.js injects CSS with <style> elements, which `style-src 'self'` forbids (the browser logs a
CSP violation). Rather than relax the policy, the chart pages pre-empt both injections
(`templates/_partials/plotly_head.html`):
* its base CSS is skipped when the page has an element with id "plotly.js-style-global" and class
  "no-inline-styles" (plotly.js ≥ 2.35, PR #7109): that is our link to `static/css/plotly.css`,
  the same rules written out by `plotly_css()` from the vendored plotly.js (a test fails when an
  upgrade adds rules the file lacks);
* any other bundled stylesheet is skipped when an element with its
  id exists: `style_placeholder_ids()` reads those ids from the vendored file.
Heatmaps also set two fixed `style` attributes; settings.py allows exactly those by hash
(`style_attribute_hashes()` recomputes them for the test).
"""

import base64
import functools
import hashlib
import json
import re
from pathlib import Path

STATIC_PATH = "vendor/plotly-cartesian.min.js"
PLOTLY_JS = Path(__file__).resolve().parent.parent / "static" / STATIC_PATH

# The object literal of base rules, keys using X for ".js-plotly-plot .plotly" and Y for ".plotly-notifier".
_RULES = re.compile(r"""(?:"([^"]*)"|'([^']*)'|(\w+)):(?:"([^"]*)"|'([^']*)')""")


def bundle_version() -> str:
    """The plotly.js version in the vendored bundle's banner ("4.1.1")."""
    with PLOTLY_JS.open(encoding="utf-8") as bundle:
        return re.search(r"plotly\.js \(cartesian - minified\) v(\S+)", bundle.read(300)).group(1)


def plotly_rules(source: str | None = None) -> dict[str, str]:
    """{selector: declarations} of the CSS plotly.js would inject, read from the vendored file."""
    source = source if source is not None else PLOTLY_JS.read_text(encoding="utf-8")
    loop = source.rfind("for(", 0, source.index('.replace(/X/g,".js-plotly-plot .plotly")'))
    name = source[loop:source.index(")", loop)].split(" in ")[1].strip()  # for(key in NAME)
    start = source.rfind(f"{name}={{", 0, loop) + len(name) + 2
    rules = {}
    for match in _RULES.finditer(source[start:loop]):
        key = next(g for g in match.groups()[:3] if g is not None)
        value = next(g for g in match.groups()[3:] if g is not None)
        selector = ",".join(
            part.strip().replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
            for part in key.split(",")
        )
        rules[selector] = value
    return rules


@functools.cache
def style_placeholder_ids() -> list[str]:
    """Ids whose presence stops plotly.js from injecting a bundled stylesheet at load time."""
    source = PLOTLY_JS.read_text(encoding="utf-8")
    return re.findall(r'getElementById\("([0-9a-f]{16,})"\)\)\{var \w+=document\.createElement\("style"\)', source)


def plotly_css() -> str:
    header = f"/* Base rules of plotly.js, written by dashboards.plotly_assets.plotly_css() from {PLOTLY_JS.name}\n" \
             "   of the vendored plotly.js, so plotly.js need not inject a <style> element (CSP). */\n"
    return header + "".join(f"{selector} {{ {rules} }}\n" for selector, rules in plotly_rules().items())


def style_attribute_values() -> list[str]:
    """The fixed `style` attribute values plotly.js sets on heatmaps: "" (colour-bar cells) and the
    image-rendering declarations of the heatmap image, rebuilt as plotly.js builds them."""
    source = PLOTLY_JS.read_text(encoding="utf-8")
    match = re.search(r"CSS_DECLARATIONS=(\[\[.*?\]\]);\w+\.STYLE=", source)
    declarations = json.loads(match.group(1))
    return ["", "".join(": ".join(pair) + "; " for pair in declarations)]


def style_attribute_hashes() -> list[str]:
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(value.encode()).digest()).decode() + "'"
        for value in style_attribute_values()
    ]
