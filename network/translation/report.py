"""The translation status report (Reports → Translation status) and the dashboard panel."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .permissions import translatable_locales, translator_locale_ids
from .status import BACKLOG, STATUS_LABELS, STATUSES, TranslationStatusReport


def may_see_report(user):
    return user.is_superuser or user.has_perm("wagtail_localize.submit_translation")


class TranslationStatusView(WagtailAdminTemplateMixin, TemplateView):
    """Per locale: a bar of translated, machine, in progress, outdated and missing
    pages and snippets; per page and snippet: its status in every locale, with a link
    to translate, finish, review or sync it. ``?locale=fr&status=outdated`` narrows the
    list to what needs that work in that locale."""

    template_name = "translation/report.html"
    page_title = _("Translation status")
    header_icon = "site"
    rows_per_page = 50

    def dispatch(self, request, *args, **kwargs):
        if not may_see_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = TranslationStatusReport()
        locales = {locale.language_code: locale for locale in report.locales}
        locale = locales.get(self.request.GET.get("locale", ""))
        status = self.request.GET.get("status", "")
        status = status if status in STATUSES else ""

        rows = report.page_rows
        snippet_rows = report.snippet_rows
        if locale is not None:
            wanted = {status} if status else set(BACKLOG)
            rows = [row for row in rows if row.cells[locale.pk].status in wanted]
            snippet_rows = [row for row in snippet_rows if row.cells[locale.pk].status in wanted]

        actionable = set(translatable_locales(self.request.user).values_list("pk", flat=True))
        page = Paginator(rows, self.rows_per_page).get_page(self.request.GET.get("p"))
        context.update(
            {
                "report": report,
                "summaries": report.summaries,
                "rows": page,
                "snippet_rows": snippet_rows,
                "locales": report.locales,
                "selected_locale": locale,
                "selected_status": status,
                "status_labels": [(key, STATUS_LABELS[key]) for key in STATUSES],
                "actionable_locale_ids": actionable,
                "report_url": reverse("translation_status_report"),
            }
        )
        return context


class TranslationBacklogPanel(Component):
    """A translator's dashboard panel: their locales' bars and what needs work first."""

    name = "translation_backlog"
    template_name = "translation/backlog_panel.html"
    order = 150
    items_shown = 8

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        report = TranslationStatusReport()
        mine = translator_locale_ids(self.request.user)
        report_url = reverse("translation_status_report")
        backlogs = [
            {
                "summary": report.summary(locale),
                "items": report.backlog(locale, limit=self.items_shown),
                "more_url": f"{report_url}?locale={locale.language_code}",
            }
            for locale in report.locales
            if locale.pk in mine
        ]
        return {"backlogs": backlogs, "request": self.request}
