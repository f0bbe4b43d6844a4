"""The box-drawn table of ``model.summary()``, laid out as Keras 3's (which uses rich) lays it out.

Column widths: a line of ``line_length`` characters is cut at the given relative positions
(``[0.45, 0.80, 1.0]``: 45 %, 35 % and 20 % of the line); each column also holds one space of
padding on either side, and when the columns and their borders do not fit in the line, the
excess is taken from the columns in turn, as evenly as whole characters allow.

Cells: the text is wrapped at spaces, a word that does not fit on a line starts the next one,
and a word longer than the column is cut short with "…".
"""

import re

_WORDS = re.compile(r"\s*\S+\s*")


def column_widths(line_length, positions):
    """The width of each column, padding included, borders not."""
    widths, current = [], 0
    for position in positions:
        width = int(position * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(width + 2)
        current += width
    available = line_length - (len(widths) + 1)
    excess = sum(widths) - available
    if excess <= 0:
        return widths
    reduced, remaining, count = [], excess, len(widths)
    for width in widths:
        taken = min(width, round(remaining / count))
        reduced.append(width - taken)
        remaining -= taken
        count -= 1
    return reduced


def wrap_cell(text, width):
    """The lines of ``text`` in a column ``width`` characters wide (padding excluded)."""
    lines, line = [], ""
    for word in _WORDS.findall(text):
        if line and len(line) + len(word.rstrip()) > width:
            lines.append(line)
            line = word.lstrip()
        else:
            line += word
    lines.append(line)
    return [_fit(line.rstrip(), width) for line in lines]


def _fit(line, width):
    return line if len(line) <= width else line[:width - 1] + "…"


def _aligned(line, width, align):
    if align == "right":
        return line.rjust(width)
    if align == "center":
        left = (width - len(line)) // 2
        return " " * left + line + " " * (width - len(line) - left)
    return line.ljust(width)


def table_row(cells, widths, aligns, border="│"):
    """The lines of one row: each cell wrapped to its column, padded by a space each side."""
    columns = [wrap_cell(text, width - 2) for text, width in zip(cells, widths)]
    height = max(len(column) for column in columns)
    lines = []
    for i in range(height):
        parts = [" " + _aligned(column[i] if i < len(column) else "", width - 2, align) + " "
                 for column, width, align in zip(columns, widths, aligns)]
        lines.append(border + border.join(parts) + border)
    return lines


def rule(widths, left, middle, right, fill):
    """A horizontal line of the table: ``rule(widths, "┏", "┳", "┓", "━")`` is its top."""
    return left + middle.join(fill * width for width in widths) + right
