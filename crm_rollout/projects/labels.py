from flask_babel import lazy_gettext as _l

SCOPE_LABELS = {
    "marketing": _l("Marketing"),
    "sales": _l("Sales"),
    "service": _l("Service & support"),
    "field_service": _l("Field service"),
    "call_centre": _l("Call centre"),
    "ecommerce": _l("E-commerce"),
}

ROLES = ("director", "steering", "consultant", "member", "viewer")
ROLE_LABELS = {
    "director": _l("Project director"),
    "steering": _l("Steering committee member"),
    "consultant": _l("Consultant"),
    "member": _l("Team member"),
    "viewer": _l("Viewer"),
}
# Who closes the committee's review of a report or gate: a project setting.
REVIEW_RULE_LABELS = {
    "chair": _l("The chair alone"),
    "majority": _l("A majority of the committee"),
    "all": _l("Every committee member"),
}
