"""Map elements whose rendered script is kept as text, not parsed again as a template.

branca's ``MacroElement.render`` wraps each rendered macro in ``Element(text)``, and ``Element`` compiles its
text as a Jinja template. For a map layer that text holds the whole topology (about half a megabyte for the
region), so every page run spent most of a second lexing JSON that has no template in it.
"""

from __future__ import annotations

from branca.element import Element, Figure, MacroElement

MACROS = ("header", "html", "script")


class RenderedText(Element):
    """Text already rendered: returned as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class PrerenderedMacro(MacroElement):
    """A ``MacroElement`` that adds its rendered header, html and script macros to the figure as plain text."""

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), "You cannot render this element if it is not in a Figure."
        module = self._template.module.__dict__
        for part in MACROS:
            if module.get(part) is not None:
                getattr(figure, part).add_child(RenderedText(module[part](self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
