from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from accounts.models import User


@require_GET
def one_row(request: HttpRequest) -> JsonResponse:
    """The floor to compare pages with: Django's request cycle plus one indexed one-row query."""
    user = User.objects.only("pk").order_by("pk").first()
    return JsonResponse({"pk": user.pk if user else None})
