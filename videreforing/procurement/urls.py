from django.urls import path

from . import views

app_name = "procurement"

urlpatterns = [
    path("program/<int:pk>/anskaffelser/", views.tender_list, name="list"),
    path("program/<int:pk>/anskaffelser/forslag/", views.suggest, name="suggest"),
    path("program/<int:pk>/anskaffelser/<int:tender_id>/", views.tender_detail, name="tender"),
    path("program/<int:pk>/anskaffelser/<int:tender_id>/endre/", views.tender_edit,
         name="tender-edit"),
    path("program/<int:pk>/anskaffelser/<int:tender_id>/krav/", views.requirement_add,
         name="requirement-add"),
    path("program/<int:pk>/anskaffelser/<int:tender_id>/kriterier/", views.criterion_add,
         name="criterion-add"),
    path("program/<int:pk>/anskaffelser/<int:tender_id>/tilbud/", views.bid_add,
         name="bid-add"),
    path("program/<int:pk>/anskaffelser/<int:tender_id>/tildel/", views.award, name="award"),
    path("program/<int:pk>/anskaffelser/<int:tender_id>/fjern/<str:kind>/<int:item_id>/",
         views.remove_item, name="remove-item"),
    path("program/<int:pk>/anskaffelser/<int:tender_id>/konkurransegrunnlag.docx",
         views.tender_document, name="tender-document"),
    path("program/<int:pk>/anskaffelser/<int:tender_id>/protokoll.docx", views.record_docx,
         name="record-docx"),
    path("program/<int:pk>/anskaffelser/<int:tender_id>/protokoll.pdf", views.record_pdf,
         name="record-pdf"),
    path("program/<int:pk>/anskaffelser/<int:tender_id>/tildelingsbrev/<int:bid_id>.docx",
         views.award_letter, name="award-letter"),
    path("program/<int:pk>/anskaffelser/<int:tender_id>/tildelingsbrev/<int:bid_id>.pdf",
         views.award_letter_pdf, name="award-letter-pdf"),
    path("leverandorer/", views.suppliers, name="suppliers"),
]
