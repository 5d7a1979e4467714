from django.urls import path

from .views import token_pages

app_name = "profile"
urlpatterns = [
    path("tokens/", token_pages.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", token_pages.token_revoke, name="token_revoke"),
]
