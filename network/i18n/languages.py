"""Language codes as HTML and HTTP write them; language names as sentences and labels
write them."""

from django.conf import settings
from django.utils.translation import to_locale

from babel import Locale, UnknownLocaleError

from ..public.formats import babel_locale


def bcp47(language_code):
    """A Django language code as HTML's lang attribute wants it: zh-hans → zh-Hans."""
    language, _sep, rest = (language_code or "en").partition("-")
    if not rest:
        return language
    return f"{language}-{rest.title() if len(rest) == 4 else rest.upper()}"


def language_label(language_code):
    """A language's name standing on its own (the language switcher, a badge): in that
    language, capitalised as it writes a label (“Français”, “Deutsch”, “日本語”), as
    settings.LANGUAGES spells it."""
    return dict(settings.ALL_LANGUAGES).get(language_code, language_code)


def language_in_sentence(language_code, in_language=None):
    """A language's name inside a sentence of ``in_language`` (the active language by
    default): CLDR's name through Babel, which is written the way the language writes
    it mid-sentence: lowercase in French, Spanish, Italian, Portuguese, Polish,
    Romanian, Hungarian and Serbian (“disponible en anglais”), capitalised in German
    (“auf Englisch”) and English. A regional or script variant (pt-br, zh-hans) takes
    CLDR's own name for it where there is one (“portugais brésilien”, “简体中文”), else
    the language with the variant (“Portugiesisch (Brasilien)”). The catalogs write the
    sentences so the name fits as it is (Thai: “ภาษา%(language)s”; Polish and Serbian:
    after a colon, as the names do not decline)."""
    if not language_code:
        return ""
    names = babel_locale(in_language).languages
    subject = to_locale(language_code)
    if subject in names:
        return names[subject]
    try:
        return Locale.parse(subject).get_display_name(babel_locale(in_language))
    except (UnknownLocaleError, ValueError):
        return language_code
