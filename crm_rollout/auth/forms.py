from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from crm_rollout.core.forms import Form, SelectField
from crm_rollout.core.i18n import LOCALES
from crm_rollout.core.i18n import lazy_text as _l


class LoginForm(Form):
    login = StringField(_l("Username or e-mail"), validators=[DataRequired(_l("Enter your username or e-mail."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])
    remember = BooleanField(_l("Keep me signed in on this device"))


class PreferencesForm(Form):
    locale = SelectField(
        _l("Language"),
        choices=[("", _l("Same as my browser")), *list(LOCALES.items())],
    )


class PasswordChangeForm(Form):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )
    new_password = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a new password."))])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("new_password", _l("The two passwords differ."))],
    )


class TokenForm(Form):
    name = StringField(_l("Token name"), validators=[DataRequired(_l("Name the token.")), Length(max=80)])


class UserForm(Form):
    username = StringField(_l("Username"), validators=[DataRequired(_l("Enter a username."))])
    email = StringField(
        _l("E-mail"),
        validators=[DataRequired(_l("Enter an e-mail address.")), Email(_l("Enter a valid e-mail address."))],
    )
    display_name = StringField(_l("Full name"), validators=[DataRequired(_l("Enter the person's name."))])
    password = PasswordField(_l("Initial password"), validators=[DataRequired(_l("Enter an initial password."))])
    is_admin = BooleanField(_l("Site administrator"))


class ResetPasswordForm(Form):
    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a new password."))])
