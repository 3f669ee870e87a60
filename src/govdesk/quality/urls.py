from django.urls import path

from govdesk.quality import views

app_name = "quality"
urlpatterns = [
    path("hints/", views.hints, name="hints"),
    path("words/", views.words, name="words"),
    path("words/<str:kind>/<int:pk>/delete/", views.word_delete, name="word_delete"),
]
