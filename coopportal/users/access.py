"""View guards: every view that needs a role says so with one of these."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from .roles import Role, has_role


def role_required(*roles: Role):
    """403 unless the user holds at least one of the roles (admins pass everywhere)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not (has_role(user, Role.ASSOCIATION_ADMIN) or any(has_role(user, r) for r in roles)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
