from markupsafe import Markup, escape


def banner(title):
    return Markup("<h1>" + title + "</h1>")  # ruleid: xss


def safe_banner(title):
    return Markup("<h1>%s</h1>") % escape(title)


def comment_html(author, text):
    return Markup(f"<p><b>{escape(author)}</b>: {escape(text)}</p>")  # ok: xss
