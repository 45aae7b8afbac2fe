"""Server-side PDF of a report version with WeasyPrint (imported on first use: it is large).

The style sheet is read from disk and charts are data URIs, so rendering never fetches
anything over HTTP (a worker asking itself for CSS could wait on itself).
"""

from pathlib import Path

REPORT_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "report.css"


def html_to_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=html, base_url=str(REPORT_CSS.parent)).write_pdf(stylesheets=[CSS(filename=str(REPORT_CSS))])
