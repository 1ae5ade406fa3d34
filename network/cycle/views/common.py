"""What the cycle's admin views share: rendering, refusals, the city in the URL, documents."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.admin.auth import permission_denied
from wagtail.models import Locale

from network.models import CityPage

from .. import access
from ..forms import AttachmentForm
from ..models import Attachment
from ..overview import overview
from ..privacy import store_attachment


def render(request, template, title, **context):
    return TemplateResponse(
        request, f"cycle/admin/{template}", {"page_title": title, "header_title": title, **context}
    )


def posted(request):
    """The form data of a POST (even an empty one: nothing ticked is still an answer)."""
    return request.POST if request.method == "POST" else None


def source_city(city_id):
    return get_object_or_404(CityPage, pk=city_id, locale=Locale.get_default())


def home(request):
    """Everything of the cycle that concerns the user."""
    return render(request, "home.html", _("Network cycle"), **overview(request.user))


def attach_upload(request, item, can, name, back):
    """Store an uploaded document in ``item``'s private collection (if ``can``)."""
    if not can:
        return permission_denied(request)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        store_attachment(item, form.cleaned_data["file"], request.user, name)
        messages.success(request, _("The document is attached."))
    else:
        for error in form.errors.get("file", []):
            messages.error(request, error)
    return redirect(*back)


def attachment(request, pk):
    """A proposal's or offer's document, for those who may see the proposal or offer."""
    item = get_object_or_404(
        Attachment.objects.select_related("document", "offer", "proposal"), pk=pk
    )
    if item.proposal_id:
        allowed = access.can_view_proposal(request.user, item.proposal)
    else:
        allowed = access.can_view_offer(request.user, item.offer)
    if not allowed:
        return permission_denied(request)
    document = item.document
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The document's file is missing.")) from error
    return FileResponse(handle, as_attachment=True, filename=document.filename)
