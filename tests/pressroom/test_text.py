"""Characters XML cannot carry are taken out of every text on its way in (pressroom.text)."""

import pytest
from django.core.exceptions import ValidationError
from taggit.models import Tag

from blog.models import Category, Post
from pressroom.models import Contact, Image, Topic
from pressroom.text import clean_text, plain_text
from tests.factories import (
    make_category,
    make_contact,
    make_image,
    make_post,
    make_related_link,
    make_topic,
)

# A vertical tab (what a word processor's Shift+Enter pastes), a bell and DEL.
DIRTY = "Ett\x0bord\x07 till\x7f"
CLEAN = "Ett ord till"

# Every text field an editor or an import fills, per model.
TEXT_FIELDS = {
    "post": ["title", "lead", "body", "byline", "event_location", "meta_description", "source"],
    "category": ["name", "description"],
    "topic": ["name", "description"],
    "contact": ["name", "role", "title", "specialist_areas", "phone", "phone_alt", "bio"],
    "image": ["title", "alt_text", "caption", "credit", "license", "usage_terms"],
    "related_link": ["title"],
}


def make(kind):
    if kind == "related_link":
        return make_related_link(make_post())
    return {
        "post": make_post,
        "category": make_category,
        "topic": make_topic,
        "contact": make_contact,
        "image": make_image,
    }[kind]()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rad ett\x0bRad två", "Rad ett Rad två"),
        ("Sida\x0cTvå", "Sida Två"),
        ("Pling\x07!", "Pling!"),
        ("\x00\x01\x08\x0e\x1f\x7f\x85\x9f", ""),
        ("\ud800\ufdd0\ufffe\uffff", ""),
        ("Tab\tline\nreturn\r", "Tab\tline\nreturn\r"),
        ("Åäö 日本語 C++ – “citat” 🎉", "Åäö 日本語 C++ – “citat” 🎉"),
    ],
)
def test_clean_text_keeps_only_what_xml_and_html_can_carry(text, expected):
    assert clean_text(text) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "field"),
    [(kind, field) for kind, fields in TEXT_FIELDS.items() for field in fields],
)
def test_saving_a_model_cleans_its_text_field(kind, field):
    obj = make(kind)
    setattr(obj, field, DIRTY)

    obj.save()

    assert getattr(obj, field) == CLEAN
    obj.refresh_from_db()
    assert getattr(obj, field) == CLEAN


@pytest.mark.django_db
def test_saving_cleans_web_and_mail_addresses():
    post = make_post()
    post.canonical_url = "https://example.com/\x07sida"
    post.save()
    link = make_related_link(post, url="https://example.com/\x07länk")
    contact = make_contact(email="press\x07@example.com")

    assert Post.objects.get(pk=post.pk).canonical_url == "https://example.com/sida"
    link.refresh_from_db()
    assert link.url == "https://example.com/länk"
    contact.refresh_from_db()
    assert contact.email == "press@example.com"


@pytest.mark.django_db
def test_model_validation_cleans_before_checking_uniqueness():
    make_category("Sälj")
    category = Category(name="Sälj\x07", slug="salj-2")

    with pytest.raises(ValidationError) as error:
        category.full_clean()

    assert "name" in error.value.message_dict
    assert category.name == "Sälj"


@pytest.mark.django_db
def test_a_lookup_with_a_control_character_finds_the_cleaned_row():
    topic = make_topic("Data, Telekom, IT")

    assert Topic.objects.get(name="Data,\x0bTelekom, IT") == topic


@pytest.mark.django_db
def test_post_tags_are_cleaned_and_find_the_existing_tag():
    make_post(tags=["sälj"])
    post = make_post(tags=["s\x07älj", "\x07", "ny\x0btag"])

    assert sorted(post.tags.names()) == ["ny tag", "sälj"]
    assert Tag.objects.filter(name__iexact="sälj").count() == 1


@pytest.mark.django_db
def test_a_tag_saved_directly_is_cleaned():
    tag = Tag.objects.create(name="Pling\x07")

    tag.refresh_from_db()
    assert tag.name == "Pling"


@pytest.mark.django_db
def test_rendered_body_holds_nothing_xml_cannot_carry():
    post = make_post(body="Para\x0cgraph with &#7; and &#11; inside")

    assert not set(post.body_html) & {"\x07", "\x0b", "\x0c"}


def test_models_keep_plain_fields_in_migrations():
    """The cleaning is behaviour, not schema: migrations see Django's own fields."""
    for model in (Post, Category, Topic, Contact, Image):
        for field in model._meta.concrete_fields:
            assert field.deconstruct()[1].startswith("django.db.models.")


def test_plain_text_reads_a_body_as_a_reader_sees_it():
    assert plain_text("<p>Ett &amp;lt; två</p><ul><li>tre</li></ul>") == "Ett &lt; två tre"


def test_plain_text_keeps_words_of_adjacent_blocks_apart():
    assert plain_text("<h2>Rubrik</h2><p>Text</p>") == "Rubrik Text"


def test_plain_text_of_nothing_is_empty():
    assert plain_text(None) == ""


def test_plain_text_keeps_inline_markup_inside_its_word():
    assert plain_text("<p>Första <strong>stycket</strong>. Och <em>ett</em>-tal</p>") == (
        "Första stycket. Och ett-tal"
    )
