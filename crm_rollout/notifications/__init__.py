"""Telling people: the inbox, e-mail through a queue in the database, each person's choices, their calendar
address. Domains call `service.notify` from their services; the worker (`send-notifications`) sends the mail."""


def register(app, registry) -> None:
    """Its pages and the bell in the top bar; imported here, so that loading a model never loads pages."""
    from crm_rollout.notifications import (
        api,  # noqa: F401  (its JSON endpoints join the API)
        service,
    )
    from crm_rollout.notifications.kinds import Channel, Kind
    from crm_rollout.notifications.mail import mailer
    from crm_rollout.notifications.views import bp
    from crm_rollout.notifications.words import sentence_of

    app.register_blueprint(bp)
    mailer.init_app(app)
    registry.unread_rows = service.unread_rows
    registry.template_globals |= {
        "notification_sentence": sentence_of,
        "NOTIFICATION_KINDS": Kind.labels(),
        "NOTIFICATION_CHANNELS": Channel.labels(),
    }
