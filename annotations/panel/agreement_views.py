"""The agreement figures: ``GET /api/v1/agreement/`` and the ``/agreement/`` page.

Both read the same filters (``AgreementFilterForm``), the same votes
(``agreement_selectors.agreement_votes``) and the same figures (``agreement.measure``);
the page adds reviewer names, plain-language readings and a server-drawn SVG trend.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import roles
from annotations.api.base import ID_SCHEMA, ApiMixin
from annotations.api.filters import IdField
from annotations.api.permissions import ViewerReads
from annotations.limits import MAX_ID
from annotations.panel import agreement
from annotations.panel.agreement import Agreement, Month
from annotations.panel.agreement_selectors import (
    AgreementFilters,
    agreement_votes,
    articles_with_votes,
    voting_reviewers,
)
from annotations.panel.services import majority_needed, panel_size

# ------------------------------------------------------------------------------- filters


class AgreementFilterForm(forms.Form):
    """The four filters. ``strict`` (the API): an empty or repeated parameter is an error, as
    elsewhere in the API; the page's GET form sends empty fields, meaning "any"."""

    article = IdField(required=False, min_value=1, max_value=MAX_ID)
    date_from = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    date_to = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    reviewer = IdField(required=False, min_value=1, max_value=MAX_ID)

    def __init__(self, data: QueryDict, *, strict: bool, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.strict = strict

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in self.fields:
            given = self.data.getlist(name)
            if len(given) > 1:
                self.add_error(name, "Give one value.")
            elif self.strict and given and not given[0].strip():
                self.add_error(name, "This value may not be empty; leave the parameter out.")
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "Must not be before date_from.")
        return cleaned

    def filters(self) -> AgreementFilters:
        data = self.cleaned_data
        return AgreementFilters(
            article_id=data.get("article"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            reviewer_id=data.get("reviewer"),
        )


def figures_for(user: Any, filters: AgreementFilters) -> Agreement:
    """The figures over the votes the filters select, under the panel rule in force."""
    return agreement.measure(
        agreement_votes(user, filters), panel_size=panel_size(), majority=majority_needed()
    )


# ----------------------------------------------------------------------------------- API


def _alpha_field(what: str) -> serializers.FloatField:
    return serializers.FloatField(
        allow_null=True, help_text=f"Krippendorff's alpha, {what}; null when undefined."
    )


class AgreementAlphaSerializer(serializers.Serializer):
    nominal = _alpha_field("nominal, over every rating")
    ordinal = _alpha_field("ordinal, over the 1-5 scale (off-scale verdicts left out)")


class AgreementPairSerializer(serializers.Serializer):
    a = serializers.IntegerField(help_text="A reviewer's user id (the smaller of the two).")
    b = serializers.IntegerField(help_text="The other reviewer's user id.")
    claims = serializers.IntegerField(help_text="Claims both voted on (in the same round).")
    cohen_kappa_weighted = serializers.FloatField(
        allow_null=True,
        help_text=(
            "Cohen's kappa with linear weights over their votes on the 1-5 scale; null when "
            f"fewer than {agreement.MIN_SHARED} of them are on the scale, or undefined."
        ),
    )


class AgreementMonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM (UTC) of the rounds' first votes.")
    claims = serializers.IntegerField()
    votes = serializers.IntegerField()
    krippendorff_alpha = AgreementAlphaSerializer()


class AgreementSerializer(serializers.Serializer):
    claims = serializers.IntegerField(help_text="Claims with panel votes in the selection.")
    votes = serializers.IntegerField()
    reviewers = serializers.IntegerField(help_text="Reviewers who voted.")
    disputed = serializers.IntegerField(
        help_text="Claims with a complete panel that found no majority, or disputed now."
    )
    krippendorff_alpha = AgreementAlphaSerializer()
    pairs = AgreementPairSerializer(
        many=True,
        help_text=f"Reviewers who share at least {agreement.MIN_SHARED} claims, by a then b.",
    )
    monthly = AgreementMonthSerializer(
        many=True, help_text="Every month from the first to the last."
    )
    pending = serializers.IntegerField(
        help_text="Claims left out: their panel is still voting (votes are blind until then)."
    )


FILTER_PARAMETERS = [
    OpenApiParameter("article", ID_SCHEMA, description="Only this article's claims."),
    OpenApiParameter(
        "date_from",
        OpenApiTypes.DATE,
        description="Rounds whose first vote was cast on or after this day (UTC).",
    ),
    OpenApiParameter(
        "date_to",
        OpenApiTypes.DATE,
        description="Rounds whose first vote was cast on or before this day (UTC).",
    ),
    OpenApiParameter(
        "reviewer",
        ID_SCHEMA,
        description="Only rounds this reviewer (a user id) voted in, with everyone's votes.",
    ),
]


BAD_DATE_EXAMPLE = OpenApiExample(
    "A bad filter",
    value={
        "error": "invalid",
        "detail": "Enter a valid date.",
        "fields": {"date_from": ["Enter a valid date."]},
    },
    response_only=True,
    status_codes=["400"],
)


class AgreementView(ApiMixin, APIView):
    """How often the panel agrees: Krippendorff's alpha, pairwise kappa, counts."""

    permission_classes = [IsAuthenticated, ViewerReads]

    @extend_schema(
        tags=["agreement"],
        operation_id="agreement",
        summary="Panel agreement figures",
        description=(
            "Krippendorff's alpha over panel votes (a unit is one claim's review round; the "
            "reviewers are the coders): nominal over every rating, ordinal over the scale's "
            "values with off-scale verdicts left out. Weighted Cohen's kappa (linear weights, "
            "the 1-5 scale only) for every two reviewers who share at least "
            f"{agreement.MIN_SHARED} claims. Undefined figures are null: no round with two "
            "votes, or one value only. Rounds whose panel is still voting are left out "
            "until it is complete. Viewers and up; see docs/panel.md."
        ),
        parameters=FILTER_PARAMETERS,
        responses=AgreementSerializer,
        examples=[
            OpenApiExample(
                "Figures",
                value={
                    "claims": 12,
                    "votes": 36,
                    "reviewers": 4,
                    "disputed": 1,
                    "krippendorff_alpha": {"nominal": 0.743, "ordinal": 0.815},
                    "pairs": [{"a": 3, "b": 4, "claims": 9, "cohen_kappa_weighted": 0.68}],
                    "monthly": [
                        {
                            "month": "2026-03",
                            "claims": 12,
                            "votes": 36,
                            "krippendorff_alpha": {"nominal": 0.743, "ordinal": 0.815},
                        }
                    ],
                    "pending": 0,
                },
                response_only=True,
            ),
            BAD_DATE_EXAMPLE,
        ],
    )
    def get(self, request: Request) -> Response:
        form = AgreementFilterForm(request.query_params, strict=True)
        if not form.is_valid():
            raise DjangoValidationError(form.errors.as_data())
        return Response(figures_for(request.user, form.filters()).to_dict())


# ---------------------------------------------------------------------------------- page

READINGS = {
    "good": "Good: reliable enough to build on.",
    "tentative": "Tentative: conclusions only with care.",
    "low": "Low: the panel does not agree reliably.",
    "undefined": "Not enough to say.",
}


@login_required
@require_GET
def agreement_page(request: HttpRequest) -> HttpResponse:
    """The figures with what they mean, the filters, the pairs by name, the monthly trend."""
    if not roles.can_view(request.user):
        raise PermissionDenied("Your account has no role that allows this.")
    form = AgreementFilterForm(request.GET, strict=False)
    reviewers = list(voting_reviewers())
    names = {user.pk: user.get_username() for user in reviewers}
    context: dict[str, Any] = {
        "form": form,
        "articles": articles_with_votes(request.user),
        "reviewers": reviewers,
        "selected": {name: request.GET.get(name, "") for name in form.fields},
        "filtering": any(request.GET.get(name, "").strip() for name in form.fields),
        "panel_size": panel_size(),
        "majority": majority_needed(),
        "min_shared": agreement.MIN_SHARED,
        "alpha_good": agreement.ALPHA_GOOD,
        "alpha_tentative": agreement.ALPHA_TENTATIVE,
    }
    if not form.is_valid():
        return render(request, "annotations/panel/agreement.html", context, status=400)
    figures = figures_for(request.user, form.filters())
    context.update(
        figures=figures,
        alphas=[
            _alpha_card("Nominal", "every verdict", figures.nominal),
            _alpha_card("Ordinal", "the 1-5 scale", figures.ordinal),
        ],
        pairs=[
            {
                "a": names.get(pair.a, f"user {pair.a}"),
                "b": names.get(pair.b, f"user {pair.b}"),
                "claims": pair.claims,
                "on_scale": pair.on_scale,
                "kappa": pair.cohen_kappa_weighted,
            }
            for pair in figures.pairs
        ],
        chart=trend_chart_svg(figures.monthly),
    )
    return render(request, "annotations/panel/agreement.html", context)


def _alpha_card(name: str, over: str, value: float | None) -> dict[str, Any]:
    reading = agreement.alpha_reading(value)
    return {
        "name": name,
        "over": over,
        "value": value,
        "reading": reading,
        "text": READINGS[reading],
    }


# --------------------------------------------------------------------------------- chart

CHART_WIDTH = 640
CHART_HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 44, 100, 36, 40  # the thresholds are named right of the plot
SERIES = (
    # attribute, label, colour, dash pattern, marker: told apart without colour too
    ("nominal", "Nominal (every verdict)", "#1f4e8c", "", "circle"),
    ("ordinal", "Ordinal (the 1-5 scale)", "#9a4a00", "6 4", "square"),
)


def trend_chart_svg(months: list[Month]) -> SafeString:
    """Alpha per month as an inline SVG line chart (no JavaScript), or "" with no value to
    draw. The page's table carries the same numbers for screen readers and for print."""
    values = [
        getattr(month, attr)
        for month in months
        for attr, *_ in SERIES
        if getattr(month, attr) is not None
    ]
    if not values:
        return SafeString("")
    low = min(0.0, math.floor(min(values) * 5) / 5)  # whole steps of 0.2 below zero
    high = 1.0
    plot_width = CHART_WIDTH - LEFT - RIGHT
    plot_height = CHART_HEIGHT - TOP - BOTTOM

    def x(index: int) -> float:
        return round(LEFT + plot_width * (index + 0.5) / len(months), 1)

    def y(value: float) -> float:
        return round(TOP + plot_height * (high - value) / (high - low), 1)

    steps = round((high - low) / 0.2)
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#e3e0d8"/>'
        '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="#4a5263">{}</text>',
        (
            (LEFT, LEFT + plot_width, y(tick), y(tick), LEFT - 6, y(tick) + 4, f"{tick:.1f}")
            for tick in (round(low + 0.2 * i, 1) for i in range(steps + 1))
        ),
    )
    thresholds = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#5f6778" stroke-dasharray="2 3"/>'
        '<text x="{}" y="{}" font-size="10" fill="#4a5263">{}</text>',
        (
            (
                LEFT,
                LEFT + plot_width,
                y(value),
                y(value),
                LEFT + plot_width + 6,
                y(value) + 3,
                label,
            )
            for value, label in (
                (agreement.ALPHA_GOOD, "0.8 good"),
                (agreement.ALPHA_TENTATIVE, "0.667 tentative"),
            )
        ),
    )
    every = max(1, math.ceil(len(months) / 12))
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#4a5263">{}</text>',
        (
            (x(index), TOP + plot_height + 16, month.month)
            for index, month in enumerate(months)
            if index % every == 0
        ),
    )
    series = _join(_series(months, spec, x, y) for spec in SERIES)
    legend = _join(
        format_html(
            '<g transform="translate({},14)"><line x1="0" x2="22" y1="0" y2="0" stroke="{}" '
            'stroke-width="2" stroke-dasharray="{}"/>{}<text x="28" y="4" font-size="12" '
            'fill="#1c2230">{}</text></g>',
            LEFT + 230 * index,
            colour,
            dash or "none",
            _marker(marker, 11, 0, colour, ""),
            label,
        )
        for index, (_, label, colour, dash, marker) in enumerate(SERIES)
    )
    return format_html(
        '<svg class="trend-chart" role="img" xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 {} {}" width="{}" height="{}" '
        'aria-labelledby="trend-title trend-desc">'
        '<title id="trend-title">Krippendorff&#8217;s alpha by month</title>'
        '<desc id="trend-desc">Nominal and ordinal alpha for each month from {} to {}, with '
        "the thresholds 0.8 (good) and 0.667 (tentative); the table below gives the same "
        "numbers.</desc>{}{}{}{}{}</svg>",
        CHART_WIDTH,
        CHART_HEIGHT,
        CHART_WIDTH,
        CHART_HEIGHT,
        months[0].month,
        months[-1].month,
        grid,
        thresholds,
        labels,
        series,
        legend,
    )


def _series(months: list[Month], spec: tuple, x: Any, y: Any) -> SafeString:
    """One alpha's line, broken where a month has no value, and a marker on every value."""
    attr, label, colour, dash, marker = spec
    segments: list[list[tuple[float, float]]] = [[]]
    markers = []
    for index, month in enumerate(months):
        value = getattr(month, attr)
        if value is None:
            segments.append([])
            continue
        segments[-1].append((x(index), y(value)))
        markers.append(
            _marker(marker, x(index), y(value), colour, f"{month.month}: {label} {value:.3f}")
        )
    lines = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2" stroke-dasharray="{}"/>',
        (
            (" ".join(f"{px},{py}" for px, py in segment), colour, dash or "none")
            for segment in segments
            if len(segment) > 1
        ),
    )
    return _join([lines, *markers])


def _join(parts: Iterable[SafeString]) -> SafeString:
    """Concatenate markup already built by format_html (str.join would drop its safety, and
    the next format_html would escape it as text)."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _marker(shape: str, cx: float, cy: float, colour: str, title: str) -> SafeString:
    titled = format_html("<title>{}</title>", title) if title else ""
    if shape == "circle":
        return format_html(
            '<circle cx="{}" cy="{}" r="4" fill="{}">{}</circle>', cx, cy, colour, titled
        )
    return format_html(
        '<rect x="{}" y="{}" width="8" height="8" fill="{}">{}</rect>',
        round(cx - 4, 1),
        round(cy - 4, 1),
        colour,
        titled,
    )
