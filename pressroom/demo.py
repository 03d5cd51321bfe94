"""
The demo newsroom's own facts: Norrsken Energi's settings (name, colour, texts and ways
to reach it). ``manage.py load_demo`` fills them into a newsroom that has none yet.
"""

from .models import NewsroomSettings, NewsroomText

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
