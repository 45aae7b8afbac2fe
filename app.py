"""Entry point. `python app.py` runs the development server on an embedded SQLite database,
creating it through the migrations and loading the demo project when it is empty.
Production: `gunicorn -c python:crm_rollout.core.server 'app:create_app()'` with DATABASE_URL set."""

import os

from crm_rollout import create_app
from crm_rollout.cli import init_db
from crm_rollout.core import system_check
from crm_rollout.core.extensions import db
from crm_rollout.demo.seed import seed_demo
from crm_rollout.projects import service as projects

app = create_app()


def main() -> None:
    with app.app_context():
        init_db()
        if seed_demo():
            db.session.commit()
            print("Loaded the demo project. Sign in as 'director' with the password 'demo-password'.")
        # The banner (with the demo passwords) only where the demo data is loaded.
        app.config["DEMO_MODE"] = projects.has_demo_project()
        for thing in system_check.missing():
            print(f"Missing on this machine: {thing}. On Debian: {system_check.INSTALL_HINT}")
    port = int(os.environ.get("PORT", "5000"))
    app.run(host="127.0.0.1", port=port, debug=False)


if __name__ == "__main__":
    main()
