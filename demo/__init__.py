"""The demo of Ủy ban nhân dân huyện Cao Lãnh: accounts, three meetings with real documents, the
signed minutes of the closed one and its follow-up, and the demo CA that signs them.

It sits on top of the product, like the tests: it uses ``app``, ``documents`` and ``meetings``,
and none of them imports it when loaded; only the launcher (``make run``) and the ``flask demo``
commands load it, inside the function that seeds. The documents' content is data, in
demo/content/ (see :mod:`demo.documents`).

    from demo.seed import seed_demo
    seed_demo(password)  # idempotent; flushes, the caller commits
"""
