"""Regions and provinces are named in the reader's language: Kazakh regions by their official Kazakh
and Russian names, Iranian provinces by their Persian ones, and every one of them in every language."""

import pytest
from django.conf import settings
from django.utils import translation

from coopportal.users.models import Region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "language", "name"),
    [
        ("ir-tehran", "fa", "تهران"),
        ("ir-tehran", "ru", "Тегеран"),
        ("ir-east-azerbaijan", "kk", "Шығыс Әзірбайжан"),
        ("kz-almaty-region", "kk", "Алматы облысы"),
        ("kz-almaty-region", "ru", "Алматинская область"),
        ("kz-ulytau", "ru", "область Ұлытау"),
        ("kz-astana", "fa", "آستانه"),
        ("kz-east", "en", "East Kazakhstan Region"),
    ],
)
def test_a_region_reads_in_the_active_language(code, language, name):
    region = Region.objects.get(code=code)
    with translation.override(language):
        assert str(region) == name


def test_every_region_has_its_own_name_in_every_portal_language():
    """51 regions (20 of Kazakhstan, 31 provinces of Iran), none left empty or in English elsewhere."""
    assert Region.objects.count() == 51
    for code, _name in settings.LANGUAGES:
        names = dict(Region.objects.values_list("code", f"name_{code}"))
        assert all(names.values()), code
        if code != "en":
            english = dict(Region.objects.values_list("code", "name_en"))
            assert not [region for region, name in names.items() if name == english[region]], code
