from accounts.roles import Role, has_role, is_coordinator
from assessment.selectors import queue_count


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    beoordelaar = has_role(user, Role.BEOORDELAAR)
    return {
        "nav_is_beoordelaar": beoordelaar,
        "nav_is_coordinator": is_coordinator(user),
        "nav_queue_count": queue_count(user=user) if beoordelaar else 0,
    }
