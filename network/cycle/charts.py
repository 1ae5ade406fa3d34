"""A horizontal bar chart as inline SVG, drawn on the server: no script, readable by
screen readers (``role="img"`` with a title and a description), and paired on the
page with a table of the same numbers."""

from django.utils.html import format_html, format_html_join

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_AREA, VALUE_WIDTH = 28, 10, 220, 360, 60


def bar_chart(rows, title, description, chart_id="chart"):
    """``rows``: ``[(label, value, highlighted)]``. Returns safe SVG markup."""
    most = max((value for _label, value, _h in rows), default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    bars = []
    for n, (label, value, highlighted) in enumerate(rows):
        y = GAP + n * (BAR_HEIGHT + GAP)
        length = round(BAR_AREA * value / most)
        bars.append(
            (
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT * 0.65,
                label,
                LABEL_WIDTH,
                y,
                max(length, 1),
                BAR_HEIGHT,
                "chart__bar chart__bar--elected" if highlighted else "chart__bar",
                "#27509b" if highlighted else "#9aa7bd",
                LABEL_WIDTH + length + 6,
                y + BAR_HEIGHT * 0.65,
                value,
            )
        )
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="14">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" font-size="14" font-weight="bold">{}</text>',
        bars,
    )
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=description,
        body=body,
    )
