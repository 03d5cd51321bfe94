"""Media lists: imported from CSV and vCard, sent a post in one action, each delivery logged."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import PreviewAccess, PreviewLink
from reach.importers import import_contacts
from reach.models import Delivery, Mailing, MediaContact, MediaList
from tests.factories import make_post, make_user

from .helpers import links_in, path_of, unsubscribe_link

CSV = (
    "email;name;outlet;beat;source\n"
    "anna@tidning.example;Anna Andersson;Tidningen;Energi;Business card, 2026\n"
    "not-an-address;Bo Berg;Radio;;\n"
)
VCARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Åsa Öberg\r\nORG:Dagbladet;Ekonomi\r\n"
    "EMAIL;TYPE=work:asa@dagbladet.example\r\nTITLE:Tech\\, telecom\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Carl\r\n  Carlsson\r\nEMAIL:carl@example.com\r\nEND:VCARD\r\n"
)


@pytest.fixture
def media_list(db):
    return MediaList.objects.create(name="Energy press")


def test_csv_import_adds_contacts_to_the_list(media_list):
    report = import_contacts(CSV.encode(), "contacts.csv", media_list)
    contact = MediaContact.objects.get()
    assert (contact.name, contact.outlet, contact.beat) == ("Anna Andersson", "Tidningen", "Energi")
    assert contact.source_note == "Business card, 2026"
    assert list(contact.lists.all()) == [media_list]
    assert report.created == 1


def test_csv_import_names_the_bad_line_and_goes_on(media_list):
    report = import_contacts(CSV.encode(), "contacts.csv", media_list)
    assert report.problems == ["rad 3: ”not-an-address” är ingen e-postadress; hoppades över."]


def test_csv_without_an_email_column_is_refused_clearly(media_list):
    report = import_contacts(b"name,outlet\nAnna,Tidningen\n", "contacts.csv", media_list)
    assert "email" in report.problems[0]
    assert not MediaContact.objects.exists()


def test_vcard_import_reads_name_outlet_email_and_folded_lines(media_list):
    import_contacts(VCARDS.encode(), "cards.vcf", media_list)
    asa = MediaContact.objects.get(email="asa@dagbladet.example")
    assert (asa.name, asa.outlet, asa.beat) == ("Åsa Öberg", "Dagbladet", "Tech, telecom")
    assert MediaContact.objects.get(email="carl@example.com").name == "Carl Carlsson"


def test_importing_again_updates_and_never_duplicates(media_list):
    import_contacts(CSV.encode(), "contacts.csv", media_list)
    other = MediaList.objects.create(name="Tech press")
    report = import_contacts(CSV.encode(), "contacts.csv", other)
    assert MediaContact.objects.count() == 1
    assert report.updated == 1
    assert MediaContact.objects.get().lists.count() == 2


def journalist(media_list, email, **fields):
    contact = MediaContact.objects.create(email=email, **fields)
    contact.lists.add(media_list)
    return contact


def send_from_admin(admin_client, post, *lists):
    return admin_client.post(
        reverse("admin:reach_mailing_add"),
        {"post": post.pk, "lists": [media_list.pk for media_list in lists]},
    )


def test_post_is_sent_to_the_lists_in_one_action(
    admin_client, media_list, mail_server, task_worker
):
    journalist(media_list, "anna@tidning.example", name="Anna")
    journalist(media_list, "bo@radio.example", name="Bo")
    post = make_post(title="Ny vindkraftpark", send_to_followers=False)
    response = send_from_admin(admin_client, post, media_list)
    assert response.status_code == 302
    task_worker()
    assert sorted(m.recipients[0] for m in mail_server.messages) == [
        "anna@tidning.example",
        "bo@radio.example",
    ]
    statuses = Delivery.objects.values_list("status", flat=True)
    assert set(statuses) == {Delivery.Status.SENT}


def test_embargoed_send_gives_each_recipient_their_own_preview_link(
    admin_client, media_list, mail_server, task_worker, client
):
    journalist(media_list, "anna@tidning.example", name="Anna", time_zone="America/New_York")
    journalist(media_list, "bo@radio.example", name="Bo")
    publish_at = timezone.now() + timedelta(days=1)
    post = make_post(title="Kvartalsrapport", publish_at=publish_at, send_to_followers=False)
    send_from_admin(admin_client, post, media_list)
    task_worker()
    previews = {}
    for message in mail_server.messages:
        [link] = [link for link in links_in(message) if "/preview/" in link]
        previews[message.recipients[0]] = link
    assert len(set(previews.values())) == 2
    assert PreviewLink.objects.filter(post=post).count() == 2
    page = client.get(path_of(previews["anna@tidning.example"]))
    assert page.status_code == 200 and "Kvartalsrapport" in page.text
    assert PreviewAccess.objects.get().link.recipient_email == "anna@tidning.example"


def test_embargoed_message_states_the_time_in_both_time_zones(
    admin_client, media_list, mail_server, task_worker
):
    journalist(media_list, "anna@tidning.example", time_zone="America/New_York")
    post = make_post(publish_at=timezone.now() + timedelta(days=1), send_to_followers=False)
    send_from_admin(admin_client, post, media_list)
    task_worker()
    text = mail_server.messages[0].get_body(("plain",)).get_content()
    assert "America/New_York" in text
    assert "Europe/Stockholm" in text
    assert "Embargo" in mail_server.messages[0]["Subject"] or "embargo" in text.lower()


def test_a_draft_cannot_be_sent_to_lists(admin_client, media_list):
    from tests.factories import make_draft

    journalist(media_list, "anna@tidning.example")
    post = make_draft(title="Not yet")
    response = send_from_admin(admin_client, post, media_list)
    assert response.status_code == 200
    assert not Mailing.objects.exists()


def test_a_journalist_who_unsubscribed_gets_nothing_more(
    admin_client, media_list, mail_server, task_worker, client
):
    journalist(media_list, "anna@tidning.example")
    send_from_admin(admin_client, make_post(title="One", send_to_followers=False), media_list)
    task_worker()
    client.post(path_of(unsubscribe_link(mail_server.messages[0])))
    send_from_admin(admin_client, make_post(title="Two", send_to_followers=False), media_list)
    task_worker()
    assert [m["Subject"] for m in mail_server.messages] == ["One"]
    assert Delivery.objects.get().status == Delivery.Status.UNSUBSCRIBED


def test_the_same_post_never_goes_twice_to_one_address(
    admin_client, media_list, mail_server, task_worker
):
    journalist(media_list, "anna@tidning.example")
    post = make_post(send_to_followers=False)
    send_from_admin(admin_client, post, media_list)
    send_from_admin(admin_client, post, media_list)
    task_worker()
    assert len(mail_server.messages) == 1


def test_pr_staff_cannot_reach_the_followers(client, db):
    from django.contrib.auth.models import Group

    user = make_user("pr", staff=True)
    user.groups.add(Group.objects.get(name="PR staff"))
    client.force_login(user)
    assert client.get(reverse("admin:reach_follower_changelist")).status_code == 403
