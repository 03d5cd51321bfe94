from django.conf import settings
from django.urls import translate_url


def newsroom(request):
    """The newsroom's name and links to this page in each interface language."""
    current = request.get_full_path()
    return {
        "newsroom_name": settings.PRESSROOM_NAME,
        "language_links": [
            (code, name, translate_url(current, code)) for code, name in settings.LANGUAGES
        ],
    }
