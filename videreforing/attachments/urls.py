from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("program/<int:pk>/dokumenter/", views.archive, name="archive"),
    path("program/<int:pk>/dokumenter/last-opp/", views.upload, name="upload"),
    path("program/<int:pk>/dokumenter/<int:attachment_id>/last-ned/", views.download,
         name="download"),
    path("program/<int:pk>/dokumenter/<int:attachment_id>/fjern/", views.remove,
         name="remove"),
]
