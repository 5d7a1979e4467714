from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from security.forms import LoginForm
from tasks.views.work import home

urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("plans/", include("plans.urls")),
    path("", include("tasks.urls")),
    path("supervision/", include("supervision.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("profile/", include("api.profile_urls")),
]
