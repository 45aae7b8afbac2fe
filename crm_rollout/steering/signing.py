"""The page side of a committee review: the form, the password that signs it, and the messages."""

from flask import flash
from flask_login import current_user

from crm_rollout.auth.hooks import confirm_own_password
from crm_rollout.auth.service import LoginThrottled
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.web import flash_errors, flash_form_errors
from crm_rollout.steering.forms import ReviewForm


def sign_review(review) -> bool:
    """Validate the posted review form, check the reviewer's password, then call
    `review(reviewer_id=..., decision=..., comment=...)` and commit.
    Flashes what happened; True when the review was recorded."""
    form = ReviewForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return False
    try:
        confirmed = confirm_own_password(form.password.data)
    except LoginThrottled:
        flash(_("Too many failed attempts. Wait a few minutes and try again."), "error")
        return False
    if not confirmed:
        flash(_("That is not your password; the review was not recorded."), "error")
        return False
    try:
        review(
            reviewer_id=current_user.id,
            decision=form.decision.data,
            comment=form.comment.data,
        )
    except ValidationFailed as error:
        db.session.rollback()
        flash_errors(error.errors)
        return False
    db.session.commit()
    flash(_("Your review is signed and recorded."), "success")
    return True
