"""Feed documents as the forum, review and blog software out there writes them."""

from __future__ import annotations

import json

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Brotforum – Suche: Sonnenschein</title>
  <link>https://forum.example/</link>
  <description>Neue Beiträge</description>
  <item>
    <title>Beste Brötchen bei Sonnenschein?</title>
    <link>https://forum.example/t/42</link>
    <guid isPermaLink="false">forum-post-42</guid>
    <dc:creator>Anna Becker</dc:creator>
    <pubDate>Mon, 06 Jan 2025 09:30:00 +0100</pubDate>
    <description>&lt;p&gt;Hat jemand die &lt;b&gt;Dinkelbrötchen&lt;/b&gt;
      probiert?&lt;/p&gt;</description>
  </item>
  <item>
    <title>Öffnungszeiten am Sonntag</title>
    <link>https://forum.example/t/43</link>
    <guid isPermaLink="false">forum-post-43</guid>
    <dc:creator>Bernd</dc:creator>
    <pubDate>Tue, 07 Jan 2025 18:00:00 +0000</pubDate>
    <description>Hat die Bäckerei sonntags offen?</description>
  </item>
</channel>
</rss>
"""

ATOM_COMMENTS = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0"
      xml:base="https://blog.example/2025/">
  <title>Kommentare: Rezepte-Blog</title>
  <id>urn:uuid:blog-comments</id>
  <updated>2025-02-03T10:00:00Z</updated>
  <link href="https://blog.example/"/>
  <entry>
    <id>urn:uuid:post-1</id>
    <title type="html">Unser &lt;em&gt;Sonnenschein&lt;/em&gt;-Brot</title>
    <link href="sonnenschein-brot.html"/>
    <updated>2025-02-01T08:00:00Z</updated>
    <author><name>Clara</name><uri>https://blog.example/clara</uri></author>
    <content type="html">&lt;p&gt;Rezept mit
      &lt;a href="/rezepte/1"&gt;Sauerteig&lt;/a&gt;&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>urn:uuid:comment-1</id>
    <title>Kommentar von Dora</title>
    <link href="sonnenschein-brot.html#c1"/>
    <thr:in-reply-to ref="urn:uuid:post-1" href="https://blog.example/2025/sonnenschein-brot.html"/>
    <updated>2025-02-02T09:00:00Z</updated>
    <author><name>Dora</name><email>dora@example.org</email></author>
    <content type="text">Schmeckt super!</content>
  </entry>
  <entry>
    <id>urn:uuid:comment-2</id>
    <title>Kommentar von Emil</title>
    <link href="sonnenschein-brot.html#c2"/>
    <thr:in-reply-to ref="urn:uuid:post-1"/>
    <updated>2025-02-03T10:00:00Z</updated>
    <author><name>Emil</name></author>
    <content type="text">Zu salzig für mich.</content>
  </entry>
</feed>
"""


def json_feed(items: list[dict[str, object]], version: str = "1.1") -> bytes:
    return json.dumps({
        "version": f"https://jsonfeed.org/version/{version}",
        "title": "Bewertungen",
        "home_page_url": "https://reviews.example/",
        "feed_url": "https://reviews.example/feed.json",
        "items": items,
    }).encode()


JSON_ITEMS: list[dict[str, object]] = [
    {"id": "r-1", "url": "/bewertung/1", "title": "5 Sterne für Sonnenschein",
     "content_html": "<p>Sehr <strong>freundlich</strong></p>",
     "date_published": "2025-03-01T12:00:00+01:00",
     "authors": [{"name": "Frieda", "url": "https://reviews.example/u/frieda"}]},
    {"id": "r-2", "url": "https://reviews.example/bewertung/2", "title": "Zu teuer",
     "content_text": "Die Brezeln kosten zu viel.", "date_published": "2025-03-02T08:00:00Z",
     "author": {"name": "Gustav"}},
]


def rss(items: str, *, encoding: str = "UTF-8", channel: str = "Forum") -> str:
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
            f"<title>{channel}</title><link>https://forum.example/</link>{items}"
            "</channel></rss>")


def item(title: str, text: str = "", *, link: str = "", guid: str = "",
         date: str = "") -> str:
    parts = [f"<title>{title}</title>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if guid:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    if date:
        parts.append(f"<pubDate>{date}</pubDate>")
    if text:
        parts.append(f"<description>{text}</description>")
    return "<item>" + "".join(parts) + "</item>"
