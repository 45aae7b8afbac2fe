"""gunicorn's settings for this app: `gunicorn -c python:crm_rollout.core.server -w 2 'app:create_app()'`."""

import gc

# A young collection once this many new objects are tracked (Python's default is 700), a full one at most once
# per this many middle-generation ones (Python's default is 10).
YOUNG_COLLECTION_AFTER = 5000
FULL_COLLECTION_EVERY = 100


def post_worker_init(worker) -> None:
    """Once the worker has loaded the app: what was loaded (modules, templates' code, mappers, some 250,000
    objects) lives as long as the worker, so the cycle collector stops scanning it, and full collections come
    ten times more rarely. Measured in-process over eight pages: the collector took 9 % of the time, 2.7 % after
    (a full collection of the loaded app took 150 ms, once every 200 requests). Objects from requests are still
    collected as before; what is frozen is only what existed at start-up, so it can never pile up.
    Young collections come after 5,000 new objects rather than 700: a page leaves 300 to 400 objects in cycles,
    which then die in the young generation instead of being carried to the middle one and scanned there again
    (over the overview, a checklist and a meeting: 0.26 ms of collecting a request, 0.16 after)."""
    gc.freeze()
    _young, middle, _full = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_AFTER, middle, FULL_COLLECTION_EVERY)
