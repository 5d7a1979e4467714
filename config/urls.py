from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from security.forms import LoginForm
from tasks.views.work import home

urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switch is on the login page too: someone who reads no Chinese chooses English before signing in.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("plans/", include("plans.urls")),
    path("", include("tasks.urls")),
    path("supervision/", include("supervision.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("profile/", include("api.profile_urls")),
]
