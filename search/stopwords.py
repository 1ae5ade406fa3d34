"""Words too common to search for, on SQLite, as PostgreSQL's configurations ignore
theirs.

PostgreSQL drops each language's most common words (articles, prepositions, pronouns,
auxiliaries) from what it indexes and from queries, so "tester un bus" finds a page
about buses that has no "un". SQLite's FTS5 has no such list: every word of a query
must be in the page. The portal leaves these words out of the visitor's queries on
SQLite (not out of phrases, and not when nothing else is left), so both databases find
the same pages.

Short lists of function words, written for the portal, accent-free (they are compared
with accent-folded words: an accented stop word folds into another word and is kept,
as on PostgreSQL, which reads folded text).
"""


def _listed(text):
    return frozenset(text.split())


STOP_WORDS = {
    "en": _listed(
        """a an the and or nor but if then so than too very of at by for with about to from
        in on into onto over under up down out off again further once between through
        during before after above below is are was were be been being am do does did
        doing have has had having it its itself this that these those as not no can will
        just should now i me my myself we our ours you your yours he him his she her hers
        they them their theirs what which who whom there here when where why how all any
        both each few more most other some such only own same"""
    ),
    "fr": _listed(
        """au aux avec ce ces cet cette dans de des du elle elles en et eux il ils je la le
        les leur leurs lui ma mais me mes moi mon ne ni nos notre nous on ou par pas pour
        qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n
        s t y est sont ont"""
    ),
    "es": _listed(
        """de la que el en y a los del se las por un para con no una su al lo como pero sus
        le ya o u e este esta estos estas ese esa eso esto si porque entre cuando muy sin
        sobre me hasta hay donde quien desde nos ni les mi mis tu te ti yo ella ellas ellos
        nosotros otro otra otros otras unos unas"""
    ),
    "de": _listed(
        """aber als also am an auch auf aus bei bin bis bist da damit dann das dass dem den
        der des die du ein eine einem einen einer eines er es ich ihr ihre ihrem ihren ihrer
        im in ist mit nach nicht noch nun oder sich sie sind so um und uns unser von vor war
        was weil wenn wie wir wird zu zum zur"""
    ),
    "it": _listed(
        """a ad al alla alle agli ai allo anche che chi come con col da dal dalla dalle dai
        dagli dallo degli dei del della delle dello di e ed gli i il in la le lo ma nel
        nella nelle nei negli nello non o per se si sono su sul sulla sulle sui sugli tra
        fra un una uno questo questa questi queste quello quella"""
    ),
    "pt": _listed(
        """a o os as de do da dos das e em no na nos nas um uma uns umas para por com que se
        ao aos mas ou ele ela eles elas seu sua seus suas pelo pela pelos pelas como mais
        foi ser esta este isso isto"""
    ),
}


def stop_words(language_code):
    """The stop words of a language ("pt-br" reads "pt"); empty when it has none here."""
    if not language_code:
        return frozenset()
    code = language_code.lower()
    return STOP_WORDS.get(code, STOP_WORDS.get(code.split("-")[0], frozenset()))
