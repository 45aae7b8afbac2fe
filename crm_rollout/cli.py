"""Command-line tools: `flask --app app <command>`."""

import json
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from crm_rollout import backup
from crm_rollout.auth import service as accounts
from crm_rollout.core import search
from crm_rollout.core.audit import acting_as
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.methods import service as methods


def init_db() -> None:
    """Bring the schema to the newest migration (creates it on an empty database); a database that had
    content before the search index existed gets it indexed once."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    if search.is_empty() and search.rebuild():
        db.session.commit()
    methods.ensure_built_ins()  # the library's built-in methods, before the first page offers them


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


@click.command("export")
@with_appcontext
@click.argument("project_id", type=int)
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-", help="File (default: stdout).")
def export_command(project_id, output):
    """Write a whole project (every domain, audit trail included) as JSON."""
    try:
        document = backup.export_project(project_id)
    except ValidationFailed as error:
        raise click.ClickException("; ".join(error.errors.values())) from None
    json.dump(document, output, ensure_ascii=False)
    output.write("\n")


@click.command("import")
@with_appcontext
@click.argument("file", type=click.File("rb"))
@click.option("--copy", is_flag=True, help="Add the project even if it is in this database already.")
def import_command(file, copy):
    """Add a project exported by `export` (new ids; people matched to accounts by e-mail; accounts it
    creates are deactivated and have no password)."""
    try:
        document = json.loads(file.read().decode("utf-8-sig"), parse_constant=_refuse_constant)
        project_id = backup.import_project(document, copy=copy)
    except ValidationFailed as error:
        db.session.rollback()
        raise click.ClickException(f"Nothing imported: {'; '.join(error.errors.values())}") from None
    except (UnicodeDecodeError, ValueError) as error:
        db.session.rollback()
        raise click.ClickException(f"Nothing imported: the file is not valid JSON ({error}).") from None
    db.session.commit()
    click.echo(f"Imported as project {project_id}.")


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Create or upgrade the database schema. Creates no demo data."""
    init_db()
    click.echo("Database is up to date.")


@click.command("create-user")
@with_appcontext
@click.argument("username")
@click.option("--email", required=True)
@click.option("--name", "display_name", required=True, help="Full name shown in the app.")
@click.option("--admin", is_flag=True, help="Make the account a site administrator.")
@click.password_option()
def create_user_command(username, email, display_name, admin, password):
    """Create an account."""
    with acting_as(db.session, None):
        try:
            user = accounts.create_user(
                username=username, email=email, display_name=display_name, password=password, is_admin=admin
            )
        except ValidationFailed as error:
            raise click.ClickException("; ".join(f"{k}: {v}" for k, v in error.errors.items())) from None
    db.session.commit()
    click.echo(f"Created {user.username}.")


@click.command("api-token")
@with_appcontext
@click.argument("username")
@click.option("--name", default="command line", help="What the token is for.")
def api_token_command(username, name):
    """Print a new personal API token for USERNAME."""
    user = accounts.find_by_login(username)
    if user is None:
        raise click.ClickException(f"No account {username!r}.")
    _token, raw = accounts.create_api_token(user, name)
    db.session.commit()
    click.echo(raw)


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Load the demo project and accounts into an empty database."""
    from crm_rollout.demo.seed import seed_demo

    if seed_demo():
        db.session.commit()
        click.echo("Demo data loaded.")
    else:
        click.echo("The database is not empty; no demo data loaded.")


@click.command("send-notifications")
@click.option("--loop", is_flag=True, help="Keep running: look for due mail every --every seconds.")
@click.option("--every", default=15, show_default=True, type=click.IntRange(1, 3600))
@with_appcontext
def send_notifications_command(loop, every):
    """Send the e-mail that is due, once (with --loop: keep sending, as the worker beside gunicorn)."""
    from crm_rollout.notifications.mail import deliver_due, enabled

    if not enabled():
        raise click.ClickException("MAIL_SERVER is not set: notifications stay in the inbox.")
    while True:
        sent, failed = deliver_due()
        if sent or failed or not loop:
            click.echo(f"{sent} sent, {failed} to try again later.")
        if not loop:
            return
        db.session.remove()
        time.sleep(every)


@click.command("remind")
@with_appcontext
def remind_command():
    """Queue today's digest for each person (once a day, however often it runs); the worker sends them."""
    from crm_rollout.portfolio.reminders import send_digests

    click.echo(f"{send_digests()} digests queued.")


@click.command("health")
@with_appcontext
def health_command():
    """Keep today's health index of every project, for its history (once a day, beside `remind`)."""
    from crm_rollout.health.service import record_all

    click.echo(f"Kept the health index of {record_all()} projects.")


COMMANDS = (
    export_command,
    import_command,
    init_db_command,
    create_user_command,
    api_token_command,
    seed_demo_command,
    send_notifications_command,
    remind_command,
    health_command,
)


def init_app(app):
    for command in COMMANDS:
        app.cli.add_command(command)
