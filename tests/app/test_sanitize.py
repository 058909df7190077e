"""Stored and shown HTML loads nothing; plain text keeps what a reader sees."""

from __future__ import annotations

import pytest

from app.sanitize import html_to_text, sanitize_html

TOOT_HTML = ('<p><span class="h-card" translate="no"><a href="https://social.example/@anna"'
            ' class="u-url mention" rel="nofollow noopener" target="_blank">@<span>anna'
            '</span></a></span> Habt ihr morgen Brezeln?<br />Danke &amp; bis bald</p>')


def test_mastodon_markup_keeps_its_text_and_links_without_extras() -> None:
    clean = sanitize_html(TOOT_HTML)
    assert clean == ('<p><span><a href="https://social.example/@anna"'
                     ' rel="noopener noreferrer nofollow">@<span>anna</span></a></span>'
                     ' Habt ihr morgen Brezeln?<br>Danke &amp; bis bald</p>')


@pytest.mark.parametrize(("hostile", "gone"), [
    ('<img src="https://track.example/p.gif?u=anna">', "track.example"),
    ("<img src='file:///etc/passwd'>", "passwd"),
    ('<div style="background:url(https://track.example/bg.png)">x</div>', "track.example"),
    ('<p background="https://track.example/bg.png">x</p>', "track.example"),
    ('<style>@import url(https://track.example/s.css);</style>', "track.example"),
    ('<link rel="stylesheet" href="https://track.example/s.css">', "track.example"),
    ('<a href="javascript:alert(1)">x</a>', "javascript"),
    ('<a href="file:///home/anna">x</a>', "file:"),
    ('<iframe src="https://track.example/"></iframe>', "track.example"),
    ('<svg><image href="https://track.example/i.png"/></svg>', "track.example"),
    ('<p onclick="steal()">x</p>', "steal"),
    ("<script>steal()</script>", "steal"),
    ("<!-- https://track.example/ -->", "track.example"),
])
def test_hostile_html_loads_nothing(hostile: str, gone: str) -> None:
    assert gone not in sanitize_html(f"<p>Angebot</p>{hostile}")


def test_images_become_their_alt_text() -> None:
    clean = sanitize_html('<p>Foto: <IMG alt="Brezel &amp; Butter" src="https://x/1.png"></p>')
    assert clean == "<p>Foto: [Brezel &amp; Butter]</p>"


def test_plain_text_of_mastodon_markup() -> None:
    assert html_to_text(TOOT_HTML) == "@anna Habt ihr morgen Brezeln?\nDanke & bis bald"
