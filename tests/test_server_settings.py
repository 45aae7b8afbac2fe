"""gunicorn's settings (crm_rollout.core.server): what a worker does once it has loaded the app."""

import subprocess
import sys
import textwrap


def test_a_worker_freezes_what_it_loaded_and_collects_fully_more_rarely():
    # In a process of its own: freezing and thresholds hold for the whole interpreter.
    script = textwrap.dedent(
        """
        import gc
        from crm_rollout import create_app
        from crm_rollout.core.server import FULL_COLLECTION_EVERY, YOUNG_COLLECTION_AFTER, post_worker_init

        app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
        _, middle, _ = gc.get_threshold()
        assert gc.get_freeze_count() == 0
        post_worker_init(None)
        assert gc.get_freeze_count() > 100_000, gc.get_freeze_count()  # the loaded app, not a handful
        assert gc.get_threshold() == (YOUNG_COLLECTION_AFTER, middle, FULL_COLLECTION_EVERY)
        assert gc.isenabled()

        class Cycle:
            pass

        garbage = Cycle()
        garbage.me = garbage
        del garbage
        assert gc.collect() > 0  # what requests make later is still collected
        """
    )
    result = subprocess.run(  # noqa: S603  (our own script)
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
