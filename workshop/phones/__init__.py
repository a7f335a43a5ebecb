"""Participants' phones: the laptop serves a small page over the room's Wi-Fi, and
phones add ideas and cast ballots into the open workshop file under the same rules.

- ``ops``: the writes a phone may make, as operations for the workshop's single writer
  (``workshop.store.writer``), each one transaction with its idempotency key;
- ``views``: what a phone may read, from a snapshot; hidden results never appear;
- ``facilitator``: what only the laptop does (void a phone's ballot, a new join token);
- ``server``: the aiohttp application (``make_app``) with ``http`` (errors, bodies,
  headers) and ``limits`` (rate limits); ``serve``: running it headless.

Qt-free; the API is described in ``docs/phones-api.yaml``.
"""
