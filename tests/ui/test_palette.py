"""The verdict palette stays apart for readers with colour-vision deficiencies.

Each default rating colour (and the green of "suggested") is simulated for protanopia,
deuteranopia and tritanopia (Machado, Oliveira & Fernandes 2009, severity 1, in linear RGB)
and compared pairwise with CIEDE2000; the colours also stand out from the page (WCAG 3:1
for a line or a swatch) and carry readable text (4.5:1).
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest

from annotations.models import Rating
from annotations.models.claims import relative_luminance

pytestmark = pytest.mark.django_db

PAPER = "#fbfaf7"
CSS = Path(__file__).resolve().parents[2] / "annotations/static/annotations/app.css"
MACHADO = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
# Smallest CIEDE2000 difference between any two colours, per vision (about 2.3 is "just
# noticeable"; 10 and more reads as a different colour at a glance).
BARS = {"normal": 15, "protanopia": 10, "deuteranopia": 10, "tritanopia": 7}


def _linear(colour: str) -> list[float]:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def simulate(colour: str, vision: str) -> list[float]:
    rgb = _linear(colour)
    if vision != "normal":
        rgb = [sum(MACHADO[vision][i][j] * rgb[j] for j in range(3)) for i in range(3)]
    return [min(1.0, max(0.0, c)) for c in rgb]


def lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def ciede2000(lab1: tuple, lab2: tuple) -> float:
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    d_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_bar - 30))
        + 0.24 * math.cos(math.radians(2 * h_bar))
        + 0.32 * math.cos(math.radians(3 * h_bar + 6))
        - 0.20 * math.cos(math.radians(4 * h_bar - 63))
    )
    d_theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_bar**7 / (cp_bar**7 + 25**7))
    s_l = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    s_c, s_h = 1 + 0.045 * cp_bar, 1 + 0.015 * cp_bar * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt(
        (dl / s_l) ** 2 + (dc / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (dc / s_c) * (d_h / s_h)
    )


def contrast(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def palette() -> dict[str, str]:
    colours = dict(Rating.objects.values_list("slug", "colour"))
    suggested = re.search(r"--suggest:\s*(#[0-9a-fA-F]{6})", CSS.read_text()).group(1)
    return {**colours, "suggested": suggested}


def test_the_reference_values_of_the_colour_maths():
    # CIEDE2000 reference pair (Sharma, Wu & Dalal 2005, pair 1): 2.0425.
    assert ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    # Pure red and green, nearly the same to a deuteranope.
    red, green = (lab(simulate(c, "deuteranopia")) for c in ("#ff0000", "#00aa00"))
    assert ciede2000(red, green) < 12
    assert contrast("#000000", "#ffffff") == pytest.approx(21)


@pytest.mark.parametrize("vision", list(BARS))
def test_every_pair_of_verdict_colours_stays_apart(vision):
    colours = palette()
    assert len(colours) == 9
    labs = {name: lab(simulate(colour, vision)) for name, colour in colours.items()}
    closest = min(
        (ciede2000(labs[a], labs[b]), a, b) for a, b in itertools.combinations(colours, 2)
    )
    assert closest[0] >= BARS[vision], closest


def test_the_old_palette_failed_this_check():
    old = {"half-true": "#bf9000", "mostly-false": "#e06c1f", "suggested": "#b7791f"}
    labs = {n: lab(simulate(c, "protanopia")) for n, c in old.items()}
    assert ciede2000(labs["mostly-false"], labs["suggested"]) < BARS["protanopia"]


def test_verdict_colours_stand_out_from_the_page_and_carry_text():
    for rating in Rating.objects.all():
        assert contrast(rating.colour, PAPER) >= 3, rating.slug
        assert contrast(rating.colour, rating.text_colour) >= 4.5, rating.slug
