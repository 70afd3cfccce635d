from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ..access import get_region_for_user, is_national, require_national
from ..charts import ranking_bars, share_bars
from ..exports import table_response
from ..reports import TABLES, Filters, cached_filter_choices, cached_report_body, export_table, report_version
from .common import budget_roles


def _filters(request, region, version: int) -> tuple[Filters, list, list]:
    """Year and fund from the query string, resolved against the lists the page shows anyway; an
    unknown value falls back to the default."""
    funds, years = cached_filter_choices(version=version)
    if not years:
        raise Http404
    year = next((y for y in years if str(y.pk) == request.GET.get("year")), years[0])
    fund = next((f for f in funds if str(f.pk) == request.GET.get("fund")), None)
    return Filters(year=year, fund=fund, region=region), funds, years


def _render(request, region):
    # Queries: the report data version; the figures only when the report cache has no body for it.
    version = report_version()
    filters, funds, years = _filters(request, region, version)
    national = is_national(request.user)
    query = urlencode({"year": filters.year.pk, "fund": filters.fund.pk if filters.fund else ""})

    def render_body(board) -> str:
        context = {
            "board": board,
            "region": region,
            "share_bars": share_bars(board.categories),
            "ranking_bars": ranking_bars(board.ranking),
            "query": query,
            "tables": TABLES,
            "is_national": national,
        }
        return render_to_string("procurement/_dashboard_body.html", context)

    body = mark_safe(cached_report_body(filters, version=version, national=national, render=render_body))  # noqa: S308 - rendered (and escaped) by the template engine
    context = {"body": body, "filters": filters, "funds": funds, "years": years, "region": region}
    return render(request, "procurement/dashboard.html", context)


@budget_roles
def national(request):
    require_national(request.user)
    return _render(request, None)


@budget_roles
def province(request, code):
    return _render(request, get_region_for_user(request.user, code))


def _export(request, region, table, fmt):
    if table not in TABLES or fmt not in ("csv", "xlsx"):
        raise Http404
    filters, _funds, _years = _filters(request, region, report_version())
    headers, rows = export_table(table, filters)
    prefix = region.code if region else "national"
    return table_response(f"{prefix}-{table}-{filters.year.label}", fmt, headers, rows)


@budget_roles
def national_export(request, table, fmt):
    require_national(request.user)
    return _export(request, None, table, fmt)


@budget_roles
def province_export(request, code, table, fmt):
    return _export(request, get_region_for_user(request.user, code), table, fmt)
