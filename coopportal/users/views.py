from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from coopportal.views import remember_language

from .forms import LanguageForm
from .languages import set_preferred_language


def account_language(request):
    """The signed-in user's preferred language, on the account pages."""
    form = LanguageForm(request.POST or None, initial={"language": request.user.language or request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        language = set_preferred_language(user=request.user, language=form.cleaned_data["language"])
        # The confirmation is already in the chosen language.
        translation.activate(language)
        messages.success(request, _("Your language is saved."))
        return remember_language(redirect("account_language"), language)
    return render(request, "users/language.html", {"form": form})
