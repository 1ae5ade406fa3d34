"""The translation status report (Reports → Translation status) and the dashboard panels
(a translator's backlog; anyone's background submissions)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import GroupPagePermission

from .models import SubmissionJob
from .permissions import translatable_locales, translator_locale_ids
from .roles import TRANSLATOR_GROUP_PREFIX
from .status import BACKLOG, SOURCE, STATUS_LABELS, STATUSES, TranslationStatusReport


def may_see_report(user):
    return user.is_superuser or user.has_perm("wagtail_localize.submit_translation")


def may_edit_sources(user):
    """False for a translator whose only page rights come from translator groups: the
    source editor would refuse them, so the report does not link to it."""
    if user.is_superuser or not translator_locale_ids(user):
        return True
    return GroupPagePermission.objects.filter(
        group__in=user.groups.exclude(name__startswith=TRANSLATOR_GROUP_PREFIX),
        permission__codename__in=["add_page", "change_page", "publish_page"],
    ).exists()


def link_rows(rows, user, locale):
    """Each row's title links to what the user can open: the source's editor for
    editors, the translation in the report's (or their) language for translators."""
    if may_edit_sources(user):
        for row in rows:
            row.title_url = row.edit_url
        return rows
    mine = translator_locale_ids(user)
    wanted = locale.pk if locale is not None and locale.pk in mine else None
    for row in rows:
        target = wanted
        if target is None:
            target = next((pk for pk in sorted(mine) if pk in row.cells), None)
        cell = row.cells.get(target)
        row.title_url = cell.url if cell is not None and cell.status != SOURCE else ""
    return rows


CHART_BAR_X, CHART_BAR_WIDTH, CHART_ROW = 150, 380, 24


def chart(summaries):
    """The geometry of the progress chart: a stacked bar per locale (SVG units)."""
    rows = []
    for index, summary in enumerate(summaries):
        x, parts = CHART_BAR_X, []
        for status, label, count, percent in summary.bar:
            width = CHART_BAR_WIDTH * percent / 100
            parts.append(
                {
                    "status": status,
                    "label": label,
                    "count": count,
                    "x": f"{x:.2f}",
                    "width": f"{width:.2f}",
                }
            )
            x += width
        rows.append(
            {
                "locale": summary.locale,
                "y": index * CHART_ROW,
                "parts": parts,
                "total": summary.total,
                "percent": round(100 * summary.done / summary.total) if summary.total else 0,
            }
        )
    return {"rows": rows, "height": max(len(rows), 1) * CHART_ROW}


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

        user = self.request.user
        actionable = set(translatable_locales(user).values_list("pk", flat=True))
        if may_edit_sources(user):
            actionable.add("source")
        page = Paginator(rows, self.rows_per_page).get_page(self.request.GET.get("p"))
        link_rows(page.object_list, user, locale)
        link_rows(snippet_rows, user, locale)
        context.update(
            {
                "selected_status_label": STATUS_LABELS.get(status, ""),
                "report": report,
                "summaries": report.summaries,
                "chart": chart(report.summaries),
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


class SubmissionsPanel(Component):
    """The user's submissions for translation prepared in the background: progress
    while they run, and their outcome (the admin's notification of it)."""

    name = "translation_submissions"
    template_name = "translation/submissions_panel.html"
    order = 140
    days_shown = 14

    def __init__(self, request):
        self.request = request
        since = timezone.now() - datetime.timedelta(days=self.days_shown)
        self.jobs = list(
            SubmissionJob.objects.filter(submitted_by=request.user, created_at__gte=since)[:5]
        )

    def get_context_data(self, parent_context):
        return {"jobs": self.jobs, "request": self.request}
