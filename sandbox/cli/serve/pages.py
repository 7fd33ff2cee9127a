"""The served pages. Every asset is local: the terminal's script, style and font come from
textual-serve's own ``static/`` folder, served by us; nothing links outside the laptop.
Learner names and messages are escaped into the HTML, never interpolated raw."""

from __future__ import annotations

import html

STYLE = """
@font-face { font-family: "Roboto Mono"; font-style: normal; font-weight: 100 700;
  src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }
@font-face { font-family: "Roboto Mono"; font-style: italic; font-weight: 100 700;
  src: url("/static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }
body { background: #0c181f; color: rgba(255,255,255,.92); font-family: "Roboto Mono", menlo, monospace; margin: 0; }
main.card { max-width: 34em; margin: 12vh auto; background: #12232d; padding: 2em 2.5em; }
h1 { font-size: 1.3em; margin-top: 0; } label { display: block; margin: 1em 0 .3em; }
input { font: inherit; width: 100%; box-sizing: border-box; padding: .45em; background: #0c181f; color: inherit;
  border: 1px solid #3a5566; }
button, a.button { font: inherit; margin-top: 1.4em; padding: .6em 1.6em; background: #5e0ba7; color: #fff; border: 0;
  cursor: pointer; text-decoration: none; display: inline-block; }
.error { color: #ff8f8f; } .muted { color: #9fb3c0; font-size: .9em; }
"""


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style>'
            f"</head><body>{body}</body></html>\n")


def sign_in(class_title: str, needs_code: bool, name: str = "", error: str = "") -> str:
    e = html.escape
    code = ('<label for="code">Class code (your instructor gives it)</label>'
            '<input id="code" name="code" autocomplete="off" required>') if needs_code else ""
    problem = f'<p class="error" id="error">{e(error)}</p>' if error else ""
    return _page(class_title, f"""<main class="card"><h1>{e(class_title)}</h1>
<p>Your own AWS sandbox for this lab. Type your name: the same name brings you back to the same
sandbox, with your progress, if you close this page.</p>{problem}
<form method="post" action="/signin"><label for="name">Your name</label>
<input id="name" name="name" value="{e(name)}" maxlength="40" autofocus required autocomplete="name">{code}
<button type="submit" id="start">Start</button></form></main>""")


def sandboxes(count: int) -> str:
    return f"{count} sandbox" if count == 1 else f"{count} sandboxes"


def full(class_title: str, limit: int) -> str:
    are = "is" if limit == 1 else "are"
    return _page(class_title, f"""<main class="card" id="full"><h1>The class is full</h1>
<p>{sandboxes(limit)} {are} open on this laptop, the most it serves at once. Wait until someone
closes their page, then try again.</p><a class="button" href="/app">Try again</a></main>""")


def not_found(class_title: str) -> str:
    return message(class_title, "No such page", "This address is not a page of the class. Start from the "
                                                "sign-in page.")


def message(class_title: str, heading: str, text: str) -> str:
    e = html.escape
    return _page(class_title, f'<main class="card"><h1>{e(heading)}</h1><p>{e(text)}</p>'
                              '<a class="button" href="/">Back</a></main>')


def app(class_title: str, learner: str, font_size: int = 16) -> str:
    """The terminal page: textual-serve's client script drives it over the websocket ``/ws``."""
    e = html.escape
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(class_title)} · {e(learner)}</title>
<link rel="stylesheet" href="/static/css/xterm.css"><script src="/static/js/textual.js"></script>
<style>{STYLE}
html, body {{ height: 100%; }} body {{ display: flex; flex-direction: column; }}
header {{ padding: .3em 1em; font-size: .85em; color: #9fb3c0; }} header a {{ color: #9fb3c0; }}
#terminal {{ flex: 1; min-height: 0; }}
.ended {{ display: none; }} body.-closed .ended {{ display: block; position: absolute; inset: 30% 0 auto 0; }}
</style></head><body>
<header>{e(class_title)} · signed in as <span id="learner">{e(learner)}</span> ·
<a href="/signout">not you?</a></header>
<div class="ended"><main class="card"><h1>Session ended</h1><p>Your sandbox is kept. Open it again to go on.</p>
<a class="button" href="/app">Open it again</a></main></div>
<div id="terminal" class="textual-terminal" data-font-size="{font_size}"></div>
<script>
document.getElementById("terminal").dataset.sessionWebsocketUrl =
  (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";
</script></body></html>
"""
