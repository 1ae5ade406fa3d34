"""Languages: linked content shown in the visitor's language, pages not yet translated
served as aliases on demand, the page chrome and language switcher, the language
choice and the multilingual sitemap."""
