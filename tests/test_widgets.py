"""QuickSelect writes the same <select> as Django's Select, only faster."""

import html.parser

from django import forms

from base_portal.widgets import QuickSelect

CHOICES = [("", "全部"), ("1", "华智<矿山>&装备"), ("2", 'Quote "B"'), ("3", "清源能源")]


class Parsed(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.select: dict[str, str | None] = {}
        self.options: list[tuple[str | None, bool, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "select":
            self.select = dict(attrs)
        elif tag == "option":
            found = dict(attrs)
            self.options.append((found.get("value"), "selected" in found, ""))

    def handle_data(self, data: str) -> None:
        if self.options and not self.options[-1][2]:
            value, selected, _label = self.options[-1]
            self.options[-1] = (value, selected, data.strip())


def parsed(widget: type[forms.Select], value: str) -> Parsed:
    class Form(forms.Form):
        base = forms.ChoiceField(label="基地", choices=CHOICES, required=False, widget=widget)

    result = Parsed()
    result.feed(str(Form({"base": value})["base"]))
    return result


def test_quick_select_matches_djangos_select() -> None:
    for value in ("", "1", "2", "9"):
        django, quick = parsed(forms.Select, value), parsed(QuickSelect, value)
        assert quick.select == django.select
        assert quick.options == django.options


def test_labels_are_escaped() -> None:
    class Form(forms.Form):
        base = forms.ChoiceField(choices=CHOICES, widget=QuickSelect)

    markup = str(Form()["base"])
    assert "华智&lt;矿山&gt;&amp;装备" in markup
    assert "<矿山>" not in markup
