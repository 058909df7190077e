"""Mastodon: mentions and direct messages in, replies out, sign-in by OAuth.

Modules: ``settings`` (the account's settings JSON), ``ratelimit``
(X-RateLimit and Retry-After bookkeeping), ``entities`` (typed views of the
JSON the API returns), ``api`` (the HTTP client), ``threads`` (which
conversation a status belongs to), ``adapter`` (``MastodonChannel``),
``loopback`` and ``oauth`` (sign-in through the system browser).
"""
