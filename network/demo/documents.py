"""Documents of the demo network, generated at load time: small valid PDFs written
here (no PDF library needed), CSV files and plain text."""

import csv
import io

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 595, 842, 56  # A4 in points


def _pdf_text(text):
    encoded = text.encode("cp1252", errors="replace").decode("latin-1")
    return encoded.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _wrap(line, width=88):
    words, current, lines = line.split(), "", []
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current or not lines else lines


def pdf_document(title, lines):
    """A minimal valid PDF (A4, Helvetica) of text lines; "# " starts a heading."""
    pages, current, y = [], [], PAGE_HEIGHT - MARGIN
    for raw in lines:
        heading = raw.startswith("# ")
        for text in _wrap(raw[2:] if heading else raw) or [""]:
            step = 22 if heading else 15
            if y - step < MARGIN:
                pages.append(current)
                current, y = [], PAGE_HEIGHT - MARGIN
            y -= step
            font, size = ("F2", 14) if heading else ("F1", 11)
            current.append(f"BT /{font} {size} Tf {MARGIN} {y} Td ({_pdf_text(text)}) Tj ET")
    pages.append(current)

    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        None,  # the page tree, once the page objects are numbered
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        f"<< /Title ({_pdf_text(title)}) /Producer (Michelin Cities demo loader) >>",
    ]
    page_ids = []
    for content in pages:
        stream = "\n".join(content).encode("latin-1")
        objects.append(
            f"<< /Length {len(stream)} >>\nstream\n{stream.decode('latin-1')}\nendstream"
        )
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {len(objects)} 0 R >>"
        )
        page_ids.append(len(objects))
    kids = " ".join(f"{n} 0 R" for n in page_ids)
    objects[1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>"

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 5 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def csv_document(rows):
    """CSV bytes (UTF-8 with a byte-order mark, so spreadsheets read the accents)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def text_document(lines):
    return ("\n".join(lines) + "\n").encode("utf-8")
