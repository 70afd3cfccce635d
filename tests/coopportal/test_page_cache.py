"""Whole pages kept per reader (coopportal/page_cache.py): fresh after every write, never another
reader's, scope checked on every request, forms with the reader's own CSRF token.

Pages are kept only outside a transaction (versions move when writes commit), so these tests commit."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from coopportal.users.roles import Role, grant_role
from coopportal.users.services import ensure_totp_secret
from courses.models import Lesson
from procurement import services
from procurement.models import Program
from tests.factories import UserFactory, region
from tests.procurement.factories import allocate, hq, officer, seats, submitted_program, year

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in(user, **kwargs) -> Client:
    ensure_totp_secret(user)
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_a_kept_page_costs_the_reader_and_nothing_of_its_own(django_assert_max_num_queries):
    client = signed_in(UserFactory(roles=[Role.STUDENT]))
    client.get(reverse("dashboard"))  # kept now
    # Queries: session (none when Redis keeps it), the user with roles and MFA state.
    with django_assert_max_num_queries(2):
        assert "My course" in client.get(reverse("dashboard")).content.decode()


def test_a_role_granted_shows_its_entries_on_the_next_request():
    person = UserFactory(roles=[Role.STUDENT])
    client = signed_in(person)
    assert "National budget report" not in client.get(reverse("dashboard")).content.decode()
    grant_role(person, Role.HQ_OFFICER)
    assert "National budget report" in client.get(reverse("dashboard")).content.decode()


def test_a_reader_never_gets_another_readers_page():
    student, hq_officer = UserFactory(roles=[Role.STUDENT]), hq()
    assert "My course" in signed_in(student).get(reverse("dashboard")).content.decode()
    page = signed_in(hq_officer).get(reverse("dashboard")).content.decode()
    assert "National budget report" in page and "My course" not in page


def test_the_forms_of_a_kept_page_carry_the_readers_own_csrf_token():
    person = UserFactory(roles=[Role.STUDENT])
    signed_in(person).get(reverse("dashboard"))  # kept from another session of the same person
    browser = signed_in(person, enforce_csrf_checks=True)
    page = browser.get(reverse("dashboard")).content.decode()
    assert "csrf-token-of-the-request" not in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = browser.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert browser.get(reverse("dashboard")).status_code == 302  # logged out: to the login page


def test_a_page_with_a_message_waiting_is_not_kept_and_shows_it():
    client = signed_in(UserFactory(roles=[Role.STUDENT]))
    first, second = Lesson.objects.order_by("section__order", "order")[:2]
    client.get(reverse("courses:lesson", args=[second.slug]))  # kept now
    response = client.post(reverse("courses:lesson_done", args=[first.slug]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("courses:lesson", args=[second.slug])
    assert "Lesson marked as done." in response.content.decode()
    assert "Lesson marked as done." not in client.get(reverse("courses:lesson", args=[second.slug])).content.decode()


def test_the_national_report_shows_a_write_on_the_next_request():
    filer, signers = officer(), seats()
    allocate(1_000_000_000)
    client = signed_in(hq())
    url = reverse("procurement:national")
    program = submitted_program(filer)
    assert program.title not in client.get(url, {"year": year().pk}).content.decode()  # kept now
    for seat in signers:
        services.sign_program(actor=seat, program=program)
    assert program.title in client.get(url, {"year": year().pk}).content.decode()
    Program.objects.filter(pk=program.pk).update(title="Renamed tour")  # not through a service: triggers count it
    assert "Renamed tour" in client.get(url, {"year": year().pk}).content.decode()


def test_an_officer_moved_to_another_province_loses_the_kept_report_of_the_old_one():
    person = officer("ir-tehran")
    allocate(1_000_000_000)
    client = signed_in(person)
    url = reverse("procurement:province", args=["ir-tehran"])
    assert client.get(url).status_code == 200  # kept now
    person.region = region("ir-fars")
    person.save(update_fields=["region"])
    assert client.get(url).status_code == 404
    assert signed_in(officer("ir-fars")).get(url).status_code == 404


def test_a_page_kept_in_one_process_is_served_from_memory_until_its_versions_move():
    from django.core.cache import cache

    person = UserFactory(roles=[Role.STUDENT])
    client = signed_in(person)
    client.get(reverse("dashboard"))
    cache.clear()  # Redis loses it: this process still has its copy
    assert "My course" in client.get(reverse("dashboard")).content.decode()
    grant_role(person, Role.HQ_OFFICER)  # the navigation, part of the key, moves on
    assert "National budget report" in client.get(reverse("dashboard")).content.decode()


def test_a_made_up_query_string_is_kept_in_this_process_only():
    from coopportal.page_cache import local_pages

    client = signed_in(UserFactory(roles=[Role.STUDENT]))
    made_up = reverse("dashboard") + "?made-up=1"
    assert client.get(made_up).templates  # built
    assert not client.get(made_up).templates  # kept in this process's memory
    local_pages.clear()  # another process: nothing in Redis to take
    assert client.get(made_up).templates
    # The page itself is shared through Redis with every process.
    assert client.get(reverse("dashboard")).templates
    local_pages.clear()
    assert not client.get(reverse("dashboard")).templates
