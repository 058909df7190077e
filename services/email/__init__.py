"""The email channel: IMAP in, SMTP out, MIME parsing, against any standard server.

``EmailChannel`` (``services.email.adapter``) implements ``services.channel.Channel``;
``EmailSettings`` (``services.email.settings``) is the account's ``settings`` JSON.
"""
