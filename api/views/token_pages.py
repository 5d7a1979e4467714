"""The profile page where a person makes and revokes their API tokens. Plain forms, full page loads."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ..models import ApiToken
from ..tokens import MAX_ACTIVE_TOKENS, TooManyTokens, create_token, revoke_token


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("What is the token for?"), max_length=100,
                           help_text=gettext_lazy("E.g. the district OA system, or the big screen."))


def token_list(request):
    form = TokenForm(request.POST or None)
    new_token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, new_token = create_token(request.user, form.cleaned_data["name"])
            except TooManyTokens:
                form.add_error(None, _("You have %(count)d tokens already. Revoke one you no longer use first.")
                               % {"count": MAX_ACTIVE_TOKENS})
                status = 400
            else:
                form = TokenForm()
        else:
            status = 400
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens, "new_token": new_token}, status=status)


@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if revoke_token(request.user, token):
        messages.success(request, _("The token \"%(name)s\" was revoked: it no longer works.") % {"name": token.name})
    return redirect("profile:tokens")
