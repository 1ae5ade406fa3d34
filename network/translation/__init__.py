"""The translators' workflow on top of wagtail-localize: roles per locale, the guards
that keep each translator in their locale, machine translation, PO uploads that are
checked before anything changes, and the translation status report.

See docs/README-translators.md for the workflow step by step.
"""
