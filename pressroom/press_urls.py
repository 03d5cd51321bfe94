from django.urls import path

from . import views

app_name = "pressroom"

urlpatterns = [
    path("contacts/", views.ContactListView.as_view(), name="contact-list"),
    path("contacts/<str:slug>/", views.ContactDetailView.as_view(), name="contact"),
    path("contacts/<str:slug>.vcf", views.contact_vcard, name="contact-vcard"),
    path("images/", views.ImageListView.as_view(), name="image-list"),
    path("images/<int:pk>/", views.ImageDetailView.as_view(), name="image"),
    path("images/<int:pk>/download/", views.image_download, name="image-download"),
]
