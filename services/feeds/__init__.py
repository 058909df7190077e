"""The feeds channel: RSS, Atom and JSON Feed into the Listening stream.

``FeedChannel`` (``services.feeds.adapter``) implements ``services.channel.Channel``;
``FeedSettings`` (``services.feeds.settings``) is the account's ``settings`` JSON.
Fetching (``fetch``), decoding (``encoding``), parsing (``parse``, ``jsonfeed``)
and keyword filters (``keywords``) are separate so each can be tested alone.
"""
