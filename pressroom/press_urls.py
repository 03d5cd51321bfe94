from django.urls import path

from . import views

app_name = "pressroom"

urlpatterns = [
    path("contacts/", views.ContactListView.as_view(), name="contact-list"),
    path("contacts/<str:slug>/", views.ContactDetailView.as_view(), name="contact"),
    path("contacts/<str:slug>.vcf", views.contact_vcard, name="contact-vcard"),
    path("images/<int:pk>/", views.ImageDetailView.as_view(), name="image"),
]
