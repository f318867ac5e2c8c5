from django.urls import path

from . import views

app_name = "advisers"

urlpatterns = [
    path("program/<int:pk>/merknader/", views.remark_create, name="remark-create"),
    path("program/<int:pk>/merknader/<int:remark_id>/svar/", views.remark_reply,
         name="remark-reply"),
    path("program/<int:pk>/merknader/<int:remark_id>/endre/", views.remark_edit,
         name="remark-edit"),
]
