from urllib.parse import urlencode

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from coopportal.page_cache import cached_per_reader

from ..charts import ranking_bars, share_bars
from ..exports import table_response
from ..reports import TABLES, Filters, dashboard, export_table, filter_choices, report_version
from ..scope import get_region_for_user, is_national, require_national
from .common import budget_roles

# The aggregates over every program cost far more than the page around them; the rendered report
# and the filter choices are kept per data version (a number database triggers raise on every write
# the reports read), so any such write makes the next request rebuild them. They are shared by every
# reader, under the whole page each reader keeps (coopportal/page_cache.py).
REPORT_CACHE_SECONDS = 3600


def _filters(request, region, version: int) -> tuple[Filters, list, list]:
    """Year and fund from the query string, resolved against the lists the page shows anyway."""
    funds, years = cache.get_or_set(f"procurement:filter-choices:{version}", filter_choices, REPORT_CACHE_SECONDS)
    if not years:
        raise Http404
    year = next((y for y in years if str(y.pk) == request.GET.get("year")), years[0])
    fund = next((f for f in funds if str(f.pk) == request.GET.get("fund")), None)
    return Filters(year=year, fund=fund, region=region), funds, years


def _report_body(filters: Filters, *, version: int, national: bool) -> str:
    fund, region = filters.fund, filters.region

    def build() -> str:
        board = dashboard(filters)
        context = {
            "board": board,
            "region": region,
            "share_bars": share_bars(board.categories),
            "ranking_bars": ranking_bars(board.ranking),
            "query": urlencode({"year": filters.year.pk, "fund": fund.pk if fund else ""}),
            "tables": TABLES,
            "is_national": national,
        }
        return str(render_to_string("procurement/_dashboard_body.html", context))

    parts = (version, filters.year.pk, fund.pk if fund else "", region.pk if region else "", national, get_language())
    body = cache.get_or_set("procurement:dashboard:" + ":".join(map(str, parts)), build, REPORT_CACHE_SECONDS)
    return mark_safe(body)  # noqa: S308 - rendered by the template engine, which escaped it


def _render(request, region, version):
    filters, funds, years = _filters(request, region, version)
    body = _report_body(filters, version=version, national=is_national(request.user))
    context = {"body": body, "filters": filters, "funds": funds, "years": years, "region": region}
    return render(request, "procurement/dashboard.html", context)


def _national_versions(request) -> tuple:
    require_national(request.user)
    return (report_version(),)


@budget_roles
@cached_per_reader(_national_versions)
def national(request):
    (version,) = request.page_versions
    return _render(request, None, version)


def _province_versions(request, code) -> tuple:
    request.report_region = get_region_for_user(request.user, code)  # the scope check runs on every request
    return (report_version(), request.report_region.pk)


@budget_roles
@cached_per_reader(_province_versions)
def province(request, code):
    version, _region_id = request.page_versions
    return _render(request, request.report_region, version)


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
