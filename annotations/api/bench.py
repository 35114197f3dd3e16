"""A bare Django view for bench/api.py; routed only when FACTCHECK_BENCH_ENDPOINTS is on."""

from django.http import HttpRequest, JsonResponse


def bare_json(request: HttpRequest) -> JsonResponse:
    """The cheapest JSON answer the server can give: the baseline for API throughput."""
    return JsonResponse({"ok": True})
