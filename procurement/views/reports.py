from django.http import Http404
from django.shortcuts import render

from ..charts import ranking_bars, share_bars
from ..exports import table_response
from ..reports import TABLES, Filters, dashboard, export_table, filter_choices
from ..scope import get_region_for_user, is_national, require_national
from .common import budget_roles


def _filters(request, region=None) -> tuple[Filters, list, list]:
    """Year and fund from the query string, resolved against the lists the page shows anyway."""
    funds, years = filter_choices()
    if not years:
        raise Http404
    year = next((y for y in years if str(y.pk) == request.GET.get("year")), years[0])
    fund = next((f for f in funds if str(f.pk) == request.GET.get("fund")), None)
    return Filters(year=year, fund=fund, region=region), funds, years


def _render(request, region):
    filters, funds, years = _filters(request, region)
    board = dashboard(filters)
    return render(
        request,
        "procurement/dashboard.html",
        {
            "board": board,
            "funds": funds,
            "years": years,
            "region": region,
            "share_bars": share_bars(board.categories),
            "ranking_bars": ranking_bars(board.ranking),
            "query": request.GET.urlencode(),
            "tables": TABLES,
            "is_national": is_national(request.user),
        },
    )


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
    filters, _funds, _years = _filters(request, region)
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
