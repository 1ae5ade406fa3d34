"""Language codes as HTML and HTTP write them."""


def bcp47(language_code):
    """A Django language code as HTML's lang attribute wants it: zh-hans → zh-Hans."""
    language, _sep, rest = (language_code or "en").partition("-")
    if not rest:
        return language
    return f"{language}-{rest.title() if len(rest) == 4 else rest.upper()}"
