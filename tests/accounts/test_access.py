"""A user's permissions and roles are read in one query per request (accounts.access), with the same answers as
Django's ModelBackend gives."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission

from accounts.models import User
from accounts.roles import Role, has_role, is_coordinator, is_examencommissie
from portfolio.scope import sees_every_opleiding


def _perm(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="portfolio", codename=codename)


@pytest.fixture
def member(db) -> User:
    user = User.objects.create_user("member", password="x")
    coordinatoren = Group.objects.get(name=Role.COORDINATOR.value)
    user.groups.add(coordinatoren, Group.objects.get(name=Role.BEOORDELAAR.value))
    user.user_permissions.add(_perm("oversee_exams"))
    return User.objects.get(pk=user.pk)


def test_permissions_and_roles_come_from_one_query(member, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert is_coordinator(member)  # a group's permission
        assert is_examencommissie(member)  # the user's own permission
        assert not sees_every_opleiding(member)
        assert has_role(member, Role.COORDINATOR)
        assert has_role(member, Role.BEOORDELAAR)
        assert not has_role(member, Role.STUDENT)


def test_roles_first_then_permissions_still_one_query(member, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert has_role(member, Role.BEOORDELAAR)
        assert member.has_perm("portfolio.manage_inschrijvingen")


def test_same_permissions_as_django(member):
    expected = ModelBackend().get_all_permissions(User.objects.get(pk=member.pk))
    assert member.get_all_permissions() == expected
    assert {"portfolio.manage_inschrijvingen", "portfolio.oversee_exams"} <= expected


def test_inactive_users_and_objects_have_no_permissions(member):
    assert member.get_all_permissions(obj=object()) == set()
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert not User.objects.get(pk=member.pk).has_perm("portfolio.manage_inschrijvingen")


def test_a_user_without_groups_or_permissions(db, django_assert_num_queries):
    user = User.objects.get(pk=User.objects.create_user("nobody", password="x").pk)
    with django_assert_num_queries(1):
        assert not is_coordinator(user)
        assert not has_role(user, Role.STUDENT)
