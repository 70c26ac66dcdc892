"""WSGI entry point: ``gunicorn -k gevent -w 1 --worker-connections 3000 wsgi:app``;
``flask --app wsgi …`` for the command line."""

import gc
import os

from app import create_app
from app.extensions import socketio
from documents.warmup import warm_up

app = create_app()
if os.environ.get("FLASK_RUN_FROM_CLI") != "true":  # set by the `flask` command, which serves nothing
    warm_up()  # the server's first upload or signature must not import libraries on the event loop
    # What the imports built (~250,000 objects: modules, classes, SQLAlchemy's mappers…) lives as
    # long as the process: kept out of the garbage collector's full passes, which otherwise walked
    # them all while tablets waited (a 0.6 s pause in a page turn, docs/performance.md).
    gc.collect()
    gc.freeze()

__all__ = ["app", "socketio"]
