"""Suggested split of a national amount and category shares: pure arithmetic on whole rials."""

from dataclasses import dataclass
from fractions import Fraction

DEVELOPMENT_SCORE = {"less": 3, "semi": 2, "developed": 1}


def _index_values(profile) -> dict[str, int]:
    return {
        "counties": profile.counties,
        "cooperatives": profile.cooperatives,
        "area": profile.area_km2,
        "development": DEVELOPMENT_SCORE[profile.development],
        "border": 1 if profile.border else 0,
        "performance": profile.last_year_performance,
    }


def suggest_split(total: int, profiles, weights: dict[str, int]) -> dict[int, int]:
    """Region id → rials. Each index is shared in proportion to the provinces' values, the indices
    are mixed by their weights, and the rials are rounded by largest remainder so they sum to `total`."""
    profiles = list(profiles)
    if not profiles or total <= 0:
        return {p.region_id: 0 for p in profiles}
    values = {p.region_id: _index_values(p) for p in profiles}
    sums = {index: sum(v[index] for v in values.values()) for index in weights}
    used = {index: w for index, w in weights.items() if w > 0 and sums[index] > 0}
    weight_total = sum(used.values())
    if not weight_total:
        scores = {region_id: Fraction(1, len(profiles)) for region_id in values}
    else:
        scores = {
            region_id: sum(Fraction(w * v[index], sums[index]) for index, w in used.items()) / weight_total
            for region_id, v in values.items()
        }
    exact = {region_id: score * total for region_id, score in scores.items()}
    floors = {region_id: int(amount) for region_id, amount in exact.items()}
    left = total - sum(floors.values())
    by_remainder = sorted(exact, key=lambda r: (exact[r] - floors[r], -r), reverse=True)
    for region_id in by_remainder[:left]:
        floors[region_id] += 1
    return floors


def tolerance_band(target: int, tolerance: int) -> tuple[Fraction, Fraction]:
    """The accepted range of a share: the target ± `tolerance` % of the target itself (70 ± 7)."""
    margin = Fraction(target * tolerance, 100)
    return Fraction(target) - margin, Fraction(target) + margin


def share_within_tolerance(percent: Fraction, target: int, tolerance: int) -> bool:
    """Bounds included: 77 % of a 70 % share with 10 % tolerance passes, 77.1 % does not."""
    low, high = tolerance_band(target, tolerance)
    return low <= percent <= high


def _percent(value: Fraction) -> str:
    return f"{float(value):g}"


@dataclass(frozen=True)
class Share:
    category: object
    amount: int
    percent: Fraction
    target: int
    tolerance: int

    @property
    def deviation(self) -> Fraction:
        return self.percent - self.target

    @property
    def band(self) -> tuple[Fraction, Fraction]:
        return tolerance_band(self.target, self.tolerance)

    @property
    def band_display(self) -> str:
        low, high = self.band
        return f"{_percent(low)}–{_percent(high)}"

    @property
    def within_tolerance(self) -> bool:
        return share_within_tolerance(self.percent, self.target, self.tolerance)

    @property
    def percent_display(self) -> str:
        return f"{float(self.percent):.1f}"


def category_shares(categories, amounts: dict[int, int]) -> list[Share]:
    """Each category's share of the planned total against its target (70/20/10), tolerance inclusive."""
    total = sum(amounts.get(c.pk, 0) for c in categories)
    return [
        Share(
            category=c,
            amount=amounts.get(c.pk, 0),
            percent=Fraction(100 * amounts.get(c.pk, 0), total) if total else Fraction(0),
            target=c.target_percent,
            tolerance=c.tolerance_percent,
        )
        for c in categories
    ]


def shares_within_tolerance(shares: list[Share]) -> bool:
    return all(s.within_tolerance for s in shares)
