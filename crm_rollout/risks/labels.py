from flask_babel import lazy_gettext as _l

RISK_STATUS_LABELS = {
    "proposed": _l("Proposed"),
    "open": _l("Open"),
    "mitigating": _l("Being mitigated"),
    "closed": _l("Closed"),
    "dismissed": _l("Dismissed"),
}
RISK_KIND_LABELS = {"risk": _l("Risk"), "issue": _l("Issue (happened)")}
CATEGORY_LABELS = {
    "leadership": _l("Leadership"),
    "strategy": _l("Strategy"),
    "customer": _l("Customer"),
    "organisation": _l("Organisation"),
    "team": _l("Team"),
    "data": _l("Data"),
    "technology": _l("Technology"),
    "measurement": _l("Measurement"),
    "other": _l("Other"),
}
