"""Machine translation for wagtail-localize: DeepL in production, a marker offline.

``WAGTAILLOCALIZE_MACHINE_TRANSLATOR`` comes from ``portal.settings.base.machine_translator``:
DeepL when ``DEEPL_API_KEY`` is set, the offline translator in development and tests
(never in production settings), nothing otherwise (the editor then hides the button).

DeepL's codes differ from the portal's: targets need a variant for English and
Portuguese (``EN-GB``, ``PT-BR``) and a script for Chinese (``ZH-HANS``), while sources
take the bare language (``EN``, ``PT``, ``ZH``). The shipped translator maps ``en`` to the
deprecated ``EN`` target and ``zh-hans`` to ``ZH``, offers languages DeepL lacks, and sends
every string in one request (DeepL takes 50 texts and 128 KiB per request), so the portal
uses its own subclass with an explicit table (see ``DEEPL_TARGET_LANGUAGES``).

The network's glossary goes to DeepL as a DeepL glossary (``/v2/glossaries``) of the
language pair, made once per version of the pair's terms (its id kept in the cache,
the previous version deleted), and named in each request (``glossary_id``). DeepL does
not take a glossary for every pair: then the text is translated without it.
"""

import hashlib
import logging

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue, lstrip_keep

import requests

logger = logging.getLogger(__name__)

# Portal locale -> DeepL target code. Serbian is left out on purpose: the portal writes
# Serbian in Cyrillic, and DeepL cannot be asked for a script (its docs: sr-Cyrl / sr-Latn
# are not supported), so Serbian is translated by people. Add it with the OPTIONS key
# TARGET_LANGUAGES ({"sr": "SR"}) if DeepL's output suits you.
DEEPL_TARGET_LANGUAGES = {
    "en": "EN-GB",
    "fr": "FR",
    "es": "ES",
    "de": "DE",
    "it": "IT",
    "pl": "PL",
    "ro": "RO",
    "hu": "HU",
    "pt-br": "PT-BR",
    "zh-hans": "ZH-HANS",
    "ja": "JA",
    # Thai has been served by DeepL's next-generation models only (2025); the request
    # asks for those (model_type=quality_optimized), which also serve every other pair.
    "th": "TH",
}

# Portal locale -> DeepL source code: sources never carry a variant or script.
DEEPL_SOURCE_LANGUAGES = {
    "en": "EN",
    "fr": "FR",
    "es": "ES",
    "de": "DE",
    "it": "IT",
    "pl": "PL",
    "ro": "RO",
    "hu": "HU",
    "pt-br": "PT",
    "zh-hans": "ZH",
    "ja": "JA",
    "th": "TH",
}

# DeepL's limits for one /v2/translate request.
DEEPL_MAX_TEXTS = 50
DEEPL_MAX_BYTES = 120 * 1024  # under the 128 KiB body limit, leaving room for the JSON


class MachineTranslationError(Exception):
    """The machine translator could not translate; the message says why, for the editor."""


class OfflineTranslator(BaseMachineTranslator):
    """A deterministic stand-in for development and tests: ``[fr] Hello`` for French.

    Clearly machine-looking, needs no network and gives the same output every time, so
    tests can assert on it. Never configured by the production settings.
    """

    display_name = _("Offline test translator")

    def translate(self, source_locale, target_locale, strings):
        code = target_locale.language_code
        translated = {}
        for string in strings:
            text, leading = lstrip_keep(string.data)
            translated[string] = StringValue(f"{leading}[{code}] {text}")
        return translated

    def can_translate(self, source_locale, target_locale):
        return source_locale.language_code != target_locale.language_code


class PortalDeepLTranslator(BaseMachineTranslator):
    """DeepL with the right language codes for the portal's thirteen locales.

    OPTIONS: ``AUTH_KEY`` (required), ``API_URL`` (default: the free or pro endpoint,
    from the key; glossaries are sent to the ``glossaries`` endpoint beside it),
    ``TIMEOUT`` (seconds, default 30), ``FORMALITY`` (``prefer_more`` /
    ``prefer_less``), ``MODEL_TYPE`` (default ``quality_optimized``) and
    ``TARGET_LANGUAGES`` (a dict merged over :data:`DEEPL_TARGET_LANGUAGES`).
    """

    display_name = "DeepL"

    @property
    def target_languages(self):
        return {**DEEPL_TARGET_LANGUAGES, **self.options.get("TARGET_LANGUAGES", {})}

    def target_code(self, locale):
        return self.target_languages.get(locale.language_code.lower())

    def source_code(self, locale):
        code = locale.language_code.lower()
        if code in DEEPL_SOURCE_LANGUAGES:
            return DEEPL_SOURCE_LANGUAGES[code]
        # A language added through TARGET_LANGUAGES is a source too, without its variant.
        target = self.target_languages.get(code)
        return target.split("-")[0] if target else None

    def get_api_url(self):
        if url := self.options.get("API_URL"):
            return url
        if self.options["AUTH_KEY"].endswith(":fx"):
            return "https://api-free.deepl.com/v2/translate"
        return "https://api.deepl.com/v2/translate"

    def get_glossaries_url(self):
        return self.get_api_url().rsplit("/", 1)[0] + "/glossaries"

    def _headers(self):
        return {"Authorization": f"DeepL-Auth-Key {self.options['AUTH_KEY']}"}

    def _timeout(self):
        return int(self.options.get("TIMEOUT", 30))

    def glossary_id(self, source_locale, target_locale):
        """The id of the DeepL glossary holding the pair's terms (made if needed), or
        None when the pair has no terms or DeepL refuses a glossary for it."""
        # The settings import this module (WAGTAILLOCALIZE_MACHINE_TRANSLATOR); the
        # glossary's models exist only once the apps are loaded.
        from .glossary import terms_for

        entries = "\n".join(
            f"{term.source_term}\t{term.target_term}"
            for term in terms_for(source_locale.pk, target_locale.pk)
            if not any(c in term.source_term + term.target_term for c in "\t\r\n")
        )
        if not entries:
            return None
        source = self.source_code(source_locale).lower()
        target = self.target_code(target_locale).split("-")[0].lower()
        digest = hashlib.sha256(f"{self.get_api_url()}|{entries}".encode()).hexdigest()[:16]
        key, current_key = (
            f"deepl-glossary:{source}:{target}:{digest}",
            f"deepl-glossary:{source}:{target}",
        )
        if found := cache.get(key):
            return found
        try:
            response = requests.post(
                self.get_glossaries_url(),
                json={
                    "name": f"Michelin Cities {source}-{target}",
                    "source_lang": source,
                    "target_lang": target,
                    "entries": entries,
                    "entries_format": "tsv",
                },
                headers=self._headers(),
                timeout=self._timeout(),
            )
        except requests.RequestException as error:
            logger.warning("DeepL glossary request failed: %s", error)
            return None
        if response.status_code not in (200, 201):
            logger.warning(
                "DeepL refused the %s-%s glossary: %s", source, target, response.text[:300]
            )
            return None
        glossary = response.json().get("glossary_id")
        previous = cache.get(current_key)
        if previous and previous != glossary:
            try:
                requests.delete(
                    f"{self.get_glossaries_url()}/{previous}",
                    headers=self._headers(),
                    timeout=self._timeout(),
                )
            except requests.RequestException as error:
                logger.warning("Deleting the old DeepL glossary failed: %s", error)
        cache.set(key, glossary, None)
        cache.set(current_key, glossary, None)
        return glossary

    def can_translate(self, source_locale, target_locale):
        source, target = self.source_code(source_locale), self.target_code(target_locale)
        return bool(source and target) and source != target.split("-")[0]

    def translate(self, source_locale, target_locale, strings):
        if not self.can_translate(source_locale, target_locale):
            raise MachineTranslationError(
                _("DeepL does not translate from %(source)s into %(target)s.")
                % {
                    "source": source_locale.get_display_name(),
                    "target": target_locale.get_display_name(),
                }
            )
        strings = list(strings)
        glossary = self.glossary_id(source_locale, target_locale)
        translated = {}
        for batch in self.batches(strings):
            texts = self.request(source_locale, target_locale, [s.data for s in batch], glossary)
            translated.update(
                {string: StringValue(text) for string, text in zip(batch, texts, strict=True)}
            )
        return translated

    @staticmethod
    def batches(strings):
        """Split the strings into requests DeepL accepts (count and size limits)."""
        batch, size = [], 0
        for string in strings:
            length = len(string.data.encode())
            if batch and (len(batch) == DEEPL_MAX_TEXTS or size + length > DEEPL_MAX_BYTES):
                yield batch
                batch, size = [], 0
            batch.append(string)
            size += length
        if batch:
            yield batch

    def request(self, source_locale, target_locale, texts, glossary=None):
        payload = {
            "text": texts,
            "source_lang": self.source_code(source_locale),
            "target_lang": self.target_code(target_locale),
            # Segments carry inline tags (<a id="a1">, <b>) that must come back intact.
            "tag_handling": "xml",
            "model_type": self.options.get("MODEL_TYPE", "quality_optimized"),
        }
        if formality := self.options.get("FORMALITY"):
            payload["formality"] = formality
        if glossary:
            payload["glossary_id"] = glossary
        try:
            response = requests.post(
                self.get_api_url(), json=payload, headers=self._headers(), timeout=self._timeout()
            )
        except requests.RequestException as error:
            logger.warning("DeepL request failed: %s", error)
            raise MachineTranslationError(
                _("DeepL could not be reached; nothing was translated. Try again later.")
            ) from error
        if response.status_code != 200:
            logger.warning("DeepL answered %s: %s", response.status_code, response.text[:500])
            raise MachineTranslationError(self.describe_error(response.status_code))
        try:
            translations = response.json()["translations"]
        except (ValueError, KeyError) as error:
            raise MachineTranslationError(
                _("DeepL sent an answer the portal cannot read; nothing was translated.")
            ) from error
        if len(translations) != len(texts):
            raise MachineTranslationError(
                _("DeepL sent an answer the portal cannot read; nothing was translated.")
            )
        return [item["text"] for item in translations]

    @staticmethod
    def describe_error(status):
        messages = {
            403: _("DeepL refused the API key (DEEPL_API_KEY); nothing was translated."),
            429: _("DeepL is busy (too many requests); nothing was translated. Try again."),
            456: _("The DeepL quota for this month is used up; nothing was translated."),
        }
        return messages.get(
            status,
            _("DeepL answered with an error (HTTP %(status)s); nothing was translated.")
            % {"status": status},
        )
