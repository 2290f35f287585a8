"""Kamailio's string literals across lines: which ones a file never closes (kamailio 5.6 core/cfg.lex).

Kamailio's lexer reads `"..."` and `'...'` strings, a backslash escaping the next character; a string may
run over several lines, but one still open at the end of its file makes `kamailio -c` fail ("unexpected EOF
in unclosed string"), also in an included file. `#`, `//` and `/* */` comments outside strings do not
count, nor do lines the preprocessor leaves out (the caller feeds only the active ones) or `#!` directives.

    scanner = StringScanner(); scanner.feed(path, line, text) ...; scanner.unclosed() -> (Location, ...)

Pure, never raises.
"""

from __future__ import annotations

from garrison.model import Location


class StringScanner:
    def __init__(self) -> None:
        self._open: dict[str, tuple[str, Location]] = {}  # path -> (quote, where the string starts)

    def feed(self, path: str, number: int, text: str) -> None:
        """One active line of `path` (block comments already removed, `#!` directive lines left out)."""
        quote, start = self._open.pop(path, ("", Location(path, number)))
        i, size = 0, len(text)
        while i < size:
            char = text[i]
            if quote:
                if char == "\\":
                    i += 1
                elif char == quote:
                    quote = ""
            elif char == "#" or text.startswith("//", i):
                break
            elif char in "\"'":
                quote, start = char, Location(path, number)
            i += 1
        if quote:
            self._open[path] = (quote, start)

    def unclosed(self) -> tuple[Location, ...]:
        """Where each file's unclosed string starts."""
        return tuple(start for _, start in self._open.values())
