"""
The demo newsroom's own facts: Norrsken Energi's settings (name, colour, texts and ways
to reach it) and its pictures. ``manage.py load_demo`` fills them into a newsroom that
has none yet.
"""

from django.core.files.base import ContentFile

from . import demo_pictures
from .models import Contact, Image, NewsroomSettings, NewsroomText

DEMO_NEWSROOM = {
    "name": "Norrsken Energi",
    "accent_color": "#0f766e",
    "press_email": "press@norrskenenergi.example",
    "address": "Norrsken Energi AB\nSmedjegatan 12\n972 31 Luleå\nSverige",
    "website": "https://norrskenenergi.example/",
    "social_links": (
        "https://www.linkedin.com/company/norrsken-energi-example\n"
        "https://bsky.app/profile/norrskenenergi.example\n"
        "https://www.youtube.com/@norrskenenergi-example"
    ),
}
DEMO_TEXTS = {
    "sv": (
        "Förnybar el, lagring och flexibilitet för industrin i norr.",
        "**Norrsken Energi AB** producerar och lagrar förnybar el i Norrbotten och "
        "Västerbotten: vindkraft, solkraft och batterier som hjälper elnätet att klara "
        "toppar och vindstilla dagar. Bolaget grundades 2009 i Luleå, har 240 medarbetare "
        "och levererar el till industrin, kommuner och 60 000 hushåll. "
        "Läs mer på [norrskenenergi.example](https://norrskenenergi.example/).",
    ),
    "en": (
        "Renewable power, storage and flexibility for industry in the north of Sweden.",
        "**Norrsken Energi AB** produces and stores renewable electricity in the north of "
        "Sweden: wind, solar and batteries that help the grid through peaks and windless "
        "days. Founded in Luleå in 2009, the company has 240 employees and supplies "
        "industry, municipalities and 60,000 households. "
        "Read more at [norrskenenergi.example](https://norrskenenergi.example/).",
    ),
}


def fill_newsroom_settings() -> bool:
    """
    Give the newsroom the demo's settings when it has none yet; an editor's own settings
    are never touched. True when they were filled.
    """
    if NewsroomSettings.objects.exists():
        return False
    newsroom = NewsroomSettings.objects.create(**DEMO_NEWSROOM)
    for language, (description, boilerplate) in DEMO_TEXTS.items():
        NewsroomText.objects.create(
            newsroom=newsroom, language=language, description=description, boilerplate=boilerplate
        )
    return True


def _demo_image(name, data, extension, *, title, alt_text, caption="", is_public=False):
    image = Image(
        file=ContentFile(data, name=f"{name}.{extension}"),
        title=title,
        alt_text=alt_text,
        caption=caption,
        credit=demo_pictures.CREDIT,
        license=demo_pictures.LICENSE,
        usage_terms=demo_pictures.USAGE_TERMS,
        is_public=is_public,
    )
    image.save()
    return image


def write_feature_pictures(folder):
    """Draw the demo posts' feature pictures into ``folder``, the same bytes every time."""
    for name, (draw, *_texts) in demo_pictures.FEATURE_PICTURES.items():
        (folder / f"{name}.jpg").write_bytes(draw())


def add_demo_pictures(
    folder, *, logo_and_icon=True, public=("wind-farm", "battery-park", "solar-park")
):
    """
    Put the demo's pictures into the image library with their credit and licence: the
    logo and icon (given to the settings, with ``logo_and_icon``) and the feature pictures
    drawn into ``folder`` (an import of the demo posts then finds them there and uses these
    library images).
    Those named in ``public`` go into the image bank.
    """
    newsroom = NewsroomSettings.objects.filter(pk=1).first()
    if logo_and_icon and newsroom:
        newsroom.logo = _demo_image(
            "norrsken-energi-logo",
            demo_pictures.logo(),
            "png",
            title="Norrsken Energi logo",
            alt_text="Norrsken Energi",
        )
        newsroom.icon = _demo_image(
            "norrsken-energi-icon",
            demo_pictures.icon(),
            "png",
            title="Norrsken Energi icon",
            alt_text="Norrsken Energi",
        )
        newsroom.save()
    for name, (_draw, title, alt_text, caption) in demo_pictures.FEATURE_PICTURES.items():
        _demo_image(
            name,
            (folder / f"{name}.jpg").read_bytes(),
            "jpg",
            title=title,
            alt_text=alt_text,
            caption=caption,
            is_public=name in public,
        )


def add_contact_portraits():
    """A drawn portrait for each demo contact without a photo."""
    for seed, (name, colours) in enumerate(demo_pictures.PORTRAITS.items()):
        for contact in Contact.objects.filter(name=name, photo__isnull=True):
            contact.photo = _demo_image(
                contact.slug,
                demo_pictures.portrait(seed, *colours),
                "jpg",
                title=name,
                alt_text=f"Portrait of {name}",
            )
            contact.save()
